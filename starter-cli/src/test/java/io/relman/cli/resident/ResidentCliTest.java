package io.relman.cli.resident;

import static io.relman.cli.resident.ResidentHarness.NOT_STARTED;
import static io.relman.cli.resident.ResidentHarness.PLAN;
import static io.relman.cli.resident.ResidentHarness.awaitSocket;
import static io.relman.cli.resident.ResidentHarness.awaitTrue;
import static io.relman.cli.resident.ResidentHarness.call;
import static io.relman.cli.resident.ResidentHarness.client;
import static io.relman.cli.resident.ResidentHarness.serve;
import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.RelmanCli;
import io.relman.cli.common.ExitCode;
import io.relman.cli.resident.ResidentHarness.Run;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resident CLI through bin/relman's own client (bin/resident.py, run by /usr/bin/python3 as
 * bin/relman runs it): what it runs comes back as a JVM of its own would print it, with its exit code,
 * and what it would not run the same is declined (exit 125) before it starts.
 */
@Timeout(60)
class ResidentCliTest {
    @TempDir
    static Path dir;

    private static Path socket;

    @BeforeAll
    static void serveTheSharedSocket() throws Exception {
        socket = dir.resolve("cli/cli.sock");
        serve(socket, ResidentHarness.jar(dir, "relman-cli"), () -> {});
        awaitSocket(socket);
    }

    @Test
    void aCommandRunsThereWithItsOutputAndExitCode() throws Exception {
        Run valid = call(socket, Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", PLAN);
        Run unknown = call(socket, Path.of("").toAbsolutePath(), Map.of(), "status", "nowhere", "--plan", PLAN);

        assertThat(valid.exit()).isZero();
        assertThat(valid.out()).contains("examples/shop/relman.yml: valid. Project shop");
        assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("environment 'nowhere' is not in");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void hostileYamlIsAPlanErrorThereAsInAJvmOfItsOwn() throws Exception {
        Path recursive = Files.writeString(
                dir.resolve("recursive.yml"),
                "project: shop\nenvironments: &e {demo: *e}\nservices:\n  app: {image: relman/shop-app}\n");
        Path deep = Files.writeString(
                dir.resolve("deep.yml"), "project: shop\nservices: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");

        Run cyclic = call(socket, Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", recursive.toString());
        Run nested = call(socket, Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", deep.toString());

        assertThat(cyclic.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cyclic.out()).isEmpty();
        assertThat(cyclic.err())
                .isEqualTo("relman: the plan " + recursive + " cannot be used; nothing was changed:\n"
                        + "  environments/demo: the alias *e is inside &e, the value it names, so that value would"
                        + " never end; give the value here instead (recursive.yml:2)\n");
        assertThat(nested.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(nested.err())
                .isEqualTo(
                        "relman: the plan " + deep + " cannot be used; nothing was changed:\n"
                                + "  not valid YAML: nested more than 50 levels deep; a plan needs fewer than 10 (deep.yml:2)\n");
    }

    @Test
    void whatWouldNotRunTheSameIsDeclinedBeforeItStarts() throws Exception {
        Path here = Path.of("").toAbsolutePath();

        assertThat(call(socket, dir, Map.of(), "validate", "--plan", PLAN).exit())
                .isEqualTo(NOT_STARTED);
        assertThat(call(socket, here, Map.of("RELMAN_TEMPORAL_ADDRESS", "127.0.0.1:1"), "validate", "--plan", PLAN)
                        .exit())
                .isEqualTo(NOT_STARTED);
        Run restore = call(socket, here, Map.of("RELMAN_RESIDENT", "explain"), "restore", "--env", "demo");
        assertThat(restore.exit()).isEqualTo(NOT_STARTED);
        assertThat(restore.err()).contains("declined: restore asks its confirmation on the caller's terminal");
        // With --yes it asks nothing, so it runs here: picocli's own refusal of the missing --backup, exit 2.
        Run confirmed = call(socket, here, Map.of("RELMAN_RESIDENT", "explain"), "restore", "--env", "demo", "--yes");
        assertThat(confirmed.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(confirmed.err()).doesNotContain("declined").contains("--backup");
    }

    @Test
    void noResidentCliThereMeansNotStarted() throws Exception {
        Process client = client(dir.resolve("none.sock"), Path.of("").toAbsolutePath(), Map.of(), "validate");

        assertThat(client.waitFor()).isEqualTo(NOT_STARTED);
    }

    @Test
    void aRebuiltJarIsDeclinedAndStopsTheResidentCli() throws Exception {
        Path ownSocket = dir.resolve("rebuilt/cli.sock");
        Path jar = ResidentHarness.jar(dir, "rebuilt");
        AtomicBoolean stopped = new AtomicBoolean();
        serve(ownSocket, jar, () -> stopped.set(true));
        awaitSocket(ownSocket);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        Run run = call(
                ownSocket,
                Path.of("").toAbsolutePath(),
                Map.of("RELMAN_RESIDENT", "explain"),
                "validate",
                "--plan",
                PLAN);

        assertThat(run.exit()).isEqualTo(NOT_STARTED);
        assertThat(run.err()).contains("was rebuilt after the resident CLI started");
        assertThat(ownSocket).doesNotExist();
        awaitTrue(stopped);
    }

    @Test
    void aCommandRunningWhenTheJarIsRebuiltEndsWithItsOwnExitCode() throws Exception {
        Path ownSocket = dir.resolve("busy/cli.sock");
        Path jar = ResidentHarness.jar(dir, "busy");
        AtomicBoolean stopped = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        serve(new ResidentCli(
                ownSocket, jar, () -> stopped.set(true), Duration.ofSeconds(5), Duration.ofHours(1), args -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        return 130;
                    }
                    System.out.println("a watched deploy, to its end");
                    return 7;
                }));
        awaitSocket(ownSocket);
        Path here = Path.of("").toAbsolutePath();
        Process running = client(ownSocket, here, Map.of(), "deploy", "--env", "demo");
        assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Run next = call(ownSocket, here, Map.of("RELMAN_RESIDENT", "explain"), "status", "demo");
        Thread.sleep(300); // what would stop it would have by now

        assertThat(next.exit()).isEqualTo(NOT_STARTED);
        assertThat(next.err()).contains("was rebuilt after the resident CLI started");
        assertThat(ownSocket).doesNotExist();
        assertThat(stopped).as("stopped while a command ran there").isFalse();
        assertThat(running.isAlive()).isTrue();
        release.countDown();
        assertThat(running.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(running.exitValue()).isEqualTo(7);
        assertThat(new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo("a watched deploy, to its end\n");
        awaitTrue(stopped);
    }

    @Test
    void aCallerThatSendsNothingIsDroppedAndTheNextIsServed() throws Exception {
        Path ownSocket = dir.resolve("idle/cli.sock");
        Path jar = ResidentHarness.jar(dir, "idle");
        serve(new ResidentCli(ownSocket, jar, () -> {}, Duration.ofMillis(300), Duration.ofHours(1), RelmanCli::run));
        awaitSocket(ownSocket);

        try (SocketChannel idle = SocketChannel.open(UnixDomainSocketAddress.of(ownSocket))) {
            CompletableFuture<Integer> end = CompletableFuture.supplyAsync(() -> {
                try {
                    return idle.read(ByteBuffer.allocate(1));
                } catch (IOException e) {
                    return -2;
                }
            });
            assertThat(end.get(10, TimeUnit.SECONDS))
                    .as("what the idle caller reads")
                    .isEqualTo(-1);
        }
        Run next = call(ownSocket, Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", PLAN);
        assertThat(next.exit()).isZero();
        assertThat(next.out()).contains("valid. Project shop");
    }
}
