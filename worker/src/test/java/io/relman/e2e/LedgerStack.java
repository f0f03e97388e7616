package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.docker.DockerClients;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerExec;
import io.relman.plan.Host;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * examples/ledger as its team runs it: docker-compose (v1) up with the password in the environment,
 * PostgreSQL seeded by seed.sql. relman never made it; the tests back it up, restore and drill it.
 */
final class LedgerStack {
    static final Path SOURCE = E2eRuntime.HOME.resolve("examples/ledger");
    static final String PROJECT = "relmanledger";
    static final String CONTAINER = PROJECT + "_db_1";
    static final String PASSWORD_ENV = "LEDGER_DB_PASSWORD";
    static final String PASSWORD = UUID.randomUUID().toString();
    /** The worker's own engine only: the ledger runs there. */
    static final DockerEngines ENGINES = E2eRuntime.localEngines(DockerClients.fromEnvironment());

    static final DockerExec EXEC = ENGINES.on(Host.LOCAL).exec();

    private LedgerStack() {}

    /**
     * Held from up() to down(): the end-to-end classes run two at a time in two JVMs (worker/pom.xml), and the
     * two that use this stack must never share it, whichever lane each runs in.
     */
    private static java.nio.channels.FileChannel held;

    /** A fresh stack whose entries table has {@code rows} rows, once no other JVM holds it. */
    static void up(int rows) throws IOException {
        held = java.nio.channels.FileChannel.open(
                E2eRuntime.TARGET.resolve("ledger-stack.lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        held.lock(); // released with the channel
        // What the stack's CI does: its worker's image, built on this engine.
        E2eRuntime.run(
                E2eRuntime.HOME
                        .resolve("examples/compose-stack/build-images.sh")
                        .toString(),
                "v1");
        compose("down", "-v");
        compose("up", "-d");
        Wait.until("the ledger's PostgreSQL to answer", Duration.ofMinutes(2), () -> answers("SELECT 1"));
        DockerExec.Result seeded = EXEC.stream(
                CONTAINER,
                List.of(
                        "psql",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-v",
                        "rows=" + rows,
                        "-h",
                        "localhost",
                        "-U",
                        "ledger",
                        "-d",
                        "ledger",
                        "-f",
                        "-"),
                Map.of("PGPASSWORD", PASSWORD),
                new SequenceInputStream(
                        Files.newInputStream(SOURCE.resolve("seed.sql")),
                        new ByteArrayInputStream("\\q\n".getBytes(StandardCharsets.UTF_8))),
                OutputStream.nullOutputStream(),
                Duration.ofMinutes(3),
                () -> {});
        assertThat(seeded.exitCode()).as("seed.sql: %s", seeded.stderr()).isZero();
        assertThat(sql("SELECT count(*) FROM entries")).isEqualTo(Integer.toString(rows));
    }

    static void down() {
        try {
            compose("down", "-v");
        } finally {
            try {
                if (held != null) {
                    held.close();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** One query's tuples, as psql prints them unaligned; it must succeed. */
    static String sql(String query) {
        DockerExec.Result result = EXEC.run(
                CONTAINER,
                List.of(
                        "psql",
                        "-X",
                        "-q",
                        "-t",
                        "-A",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        "localhost",
                        "-U",
                        "ledger",
                        "-d",
                        "ledger",
                        "-c",
                        query),
                Map.of("PGPASSWORD", PASSWORD),
                Duration.ofMinutes(1));
        assertThat(result.exitCode()).as("%s: %s", query, result.stderr()).isZero();
        return result.stdout().strip();
    }

    private static boolean answers(String query) {
        try {
            return EXEC.run(
                                    CONTAINER,
                                    List.of("psql", "-h", "localhost", "-U", "ledger", "-d", "ledger", "-c", query),
                                    Map.of("PGPASSWORD", PASSWORD),
                                    Duration.ofSeconds(10))
                            .exitCode()
                    == 0;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static void compose(String... args) {
        E2eRuntime.compose(Map.of(PASSWORD_ENV, PASSWORD), PROJECT, SOURCE.resolve("docker-compose.yml"), args);
    }
}
