package io.relman.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.dockerjava.api.DockerClient;
import io.relman.ssh.EchoServer;
import io.relman.ssh.UnixSocketBridge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Read limits of relman's Docker clients, against a fake engine whose exec is silent for a while. */
class DockerClientsTest {
    private static final Duration READ_LIMIT = Duration.ofMillis(150);
    private static final Duration SILENCE = Duration.ofMillis(700);

    @TempDir
    Path dir;

    @Test
    void anExecSilentForLongerThanTheReadLimitStillDeliversItsOutput() throws Exception {
        // On TCP, where docker-java applies the read limit (on a Unix socket its transport applies none).
        try (FakeEngine engine = new FakeEngine(null, SILENCE);
                DockerClient bounded = DockerClients.at(engine.dockerHost(), READ_LIMIT, false);
                DockerClient unbounded = DockerClients.at(engine.dockerHost(), null, false)) {
            DockerExec.Result cut =
                    new DockerExec(bounded, bounded).run("db", List.of("pg_dump", "-Fd"), Duration.ofSeconds(10));
            assertThat(cut.stdout())
                    .as("the output read with the read limit, as before")
                    .isEmpty();

            DockerExec.Result result =
                    new DockerExec(bounded, unbounded).run("db", List.of("pg_dump", "-Fd"), Duration.ofSeconds(10));

            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("dumped\n");
            assertThat(catchThrowable(() -> bounded.pingCmd().exec()))
                    .as("any other call still gives up after the read limit")
                    .isNotNull();
        }
    }

    @Test
    void aSilentExecThroughTheBridgeCompletesAndKeepsItsConnectionOpen() throws Exception {
        Path remote = dir.resolve("remote-docker.sock");
        try (FakeEngine engine = new FakeEngine(remote, SILENCE);
                UnixSocketBridge bridge = UnixSocketBridge.open("h1", EchoServer.connector(remote));
                DockerClient client = DockerClients.at(bridge.dockerHost(), READ_LIMIT, true);
                DockerClient streams = DockerClients.at(bridge.dockerHost(), null, true)) {
            CompletableFuture<DockerExec.Result> exec = CompletableFuture.supplyAsync(
                    () -> new DockerExec(client, streams).run("db", List.of("pg_dump", "-Fd"), Duration.ofSeconds(10)));
            Thread.sleep(SILENCE.toMillis() / 2);
            assertThat(bridge.openConnections())
                    .as("in use while the exec is silent")
                    .isEqualTo(1);

            DockerExec.Result result = exec.get(10, TimeUnit.SECONDS);

            assertThat(result.stdout()).isEqualTo("dumped\n");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (bridge.openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(bridge.openConnections())
                    .as("every call's connection closed after it")
                    .isZero();
        }
    }

    @Test
    void aBridgedEngineIsAskedToCloseEachConnectionAfterItsAnswer() throws Exception {
        try (FakeEngine engine = new FakeEngine(dir.resolve("docker.sock"), Duration.ZERO);
                DockerClient bridged = DockerClients.at(engine.dockerHost(), READ_LIMIT, true)) {
            bridged.pingCmd().exec();

            assertThat(engine.requests)
                    .isNotEmpty()
                    .allSatisfy(head -> assertThat(head.toLowerCase()).contains("\r\nconnection: close\r\n"));
        }
    }
}
