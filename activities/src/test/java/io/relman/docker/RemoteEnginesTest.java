package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Host;
import io.relman.ssh.EchoServer;
import io.relman.ssh.UnixSocketBridge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's remote engines, with engines that need no SSH: a lock per host, and what counts as idle. */
class RemoteEnginesTest {
    private static final Host A = host("a");
    private static final Host B = host("b");

    @TempDir
    Path dir;

    @Test
    void aHostThatDoesNotAnswerHoldsBackNoOtherHost() throws Exception {
        CountDownLatch connectingToA = new CountDownLatch(1);
        CountDownLatch aAnswers = new CountDownLatch(1);
        try (RemoteEngines<Fake> engines = new RemoteEngines<>(
                host -> {
                    if (host.equals(A)) {
                        connectingToA.countDown();
                        await(aAnswers);
                    }
                    return new Fake();
                },
                Duration.ofMinutes(10))) {
            CompletableFuture<Fake> a = CompletableFuture.supplyAsync(() -> engines.get(A));
            assertThat(connectingToA.await(5, TimeUnit.SECONDS)).isTrue();

            Fake b = CompletableFuture.supplyAsync(() -> engines.get(B)).get(2, TimeUnit.SECONDS);

            assertThat(b).isNotNull();
            assertThat(a).isNotDone();
            aAnswers.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void closingDoesNotWaitForAHostStillConnecting() throws Exception {
        CountDownLatch connectingToA = new CountDownLatch(1);
        CountDownLatch aAnswers = new CountDownLatch(1);
        Fake late = new Fake();
        RemoteEngines<Fake> engines = new RemoteEngines<>(
                host -> {
                    connectingToA.countDown();
                    await(aAnswers);
                    return late;
                },
                Duration.ofMinutes(10));
        CompletableFuture<Fake> a = CompletableFuture.supplyAsync(() -> engines.get(A));
        assertThat(connectingToA.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture.runAsync(engines::close).get(2, TimeUnit.SECONDS);

        aAnswers.countDown();
        assertThat(a).failsWithin(Duration.ofSeconds(5));
        assertThat(late.closed).as("the engine that connected after close()").isTrue();
    }

    @Test
    void anEngineWithAnOpenConnectionOutlivesTheIdleLimitAndAnUnusedOneDoesNot() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        try (EchoServer echo = new EchoServer(dir.resolve("echo.sock"));
                RemoteEngines<Bridged> engines = new RemoteEngines<>(
                        host -> {
                            opened.incrementAndGet();
                            return new Bridged(echo.connector());
                        },
                        Duration.ofMillis(100))) {
            Bridged engine = engines.get(A);
            try (SocketChannel exec = SocketChannel.open(UnixDomainSocketAddress.of(engine.bridge.socket()))) {
                exec.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
                awaitTrue(() -> engine.bridge.openConnections() == 1);
                Thread.sleep(400); // a silent exec, four idle limits long
                engines.sweep();

                assertThat(engine.closed)
                        .as("closed while a connection was open")
                        .isFalse();
                assertThat(engines.get(A)).isSameAs(engine);
            }
            awaitTrue(() -> engine.bridge.openConnections() == 0);
            Thread.sleep(300);
            engines.sweep();

            assertThat(engine.closed)
                    .as("unused for longer than the idle limit")
                    .isTrue();
            assertThat(engine.bridge.socket()).doesNotExist();
            assertThat(engines.get(A)).isNotSameAs(engine);
            assertThat(opened).hasValue(2);
        }
    }

    @Test
    void anEngineJustHandedOutIsNotClosedBeforeItsFirstCall() throws Exception {
        Fake engine = new Fake();
        try (RemoteEngines<Fake> engines = new RemoteEngines<>(host -> engine, Duration.ofMillis(200))) {
            engine.idleSince = System.nanoTime() - Duration.ofHours(1).toNanos();
            engines.get(A);
            engines.sweep();
            assertThat(engine.closed).isFalse();
        }
    }

    /** An engine whose use the bridge measures, as RemoteEngine's is. */
    private static final class Bridged implements RemoteEngines.Bridged {
        final UnixSocketBridge bridge;
        volatile boolean closed;

        Bridged(UnixSocketBridge.Connector connector) {
            try {
                bridge = UnixSocketBridge.open("a", connector);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean connected() {
            return !closed;
        }

        @Override
        public UnixSocketBridge bridge() {
            return bridge;
        }

        @Override
        public void close() {
            closed = true;
            bridge.close();
        }
    }

    private static final class Fake implements RemoteEngines.Pooled {
        volatile boolean closed;
        volatile long idleSince = System.nanoTime();

        @Override
        public boolean connected() {
            return !closed;
        }

        @Override
        public boolean busy() {
            return false;
        }

        @Override
        public long idleSinceNanos() {
            return idleSince;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static Host host(String name) {
        return new Host(name, "deployer@10.0.0." + name.length(), "/k", null, null, "/kh", null, null, null);
    }
}
