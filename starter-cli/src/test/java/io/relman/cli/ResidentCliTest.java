package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
    private static final String PLAN = "../examples/shop/relman.yml";
    private static final int NOT_STARTED = 125;

    @TempDir
    static Path dir;

    private static Path socket;

    @BeforeAll
    static void serve() throws Exception {
        socket = dir.resolve("cli.sock");
        serve(socket, Files.writeString(dir.resolve("relman-cli.jar"), "stands for the CLI's jar"), () -> {});
    }

    private static void serve(Path socket, Path jar, Runnable stop) throws Exception {
        ResidentCli resident = new ResidentCli(socket, jar, stop);
        Thread server = new Thread(
                () -> {
                    try {
                        resident.serve();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                "resident-cli-under-test");
        server.setDaemon(true);
        server.start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void aCommandRunsThereWithItsOutputAndExitCode() throws Exception {
        Run valid = call(Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", PLAN);
        Run unknown = call(Path.of("").toAbsolutePath(), Map.of(), "status", "nowhere", "--plan", PLAN);

        assertThat(valid.exit).isZero();
        assertThat(valid.out).contains("examples/shop/relman.yml: valid. Project shop");
        assertThat(unknown.exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err).contains("environment 'nowhere' is not in");
        assertThat(unknown.out).isEmpty();
    }

    @Test
    void hostileYamlIsAPlanErrorThereAsInAJvmOfItsOwn() throws Exception {
        Path recursive = Files.writeString(
                dir.resolve("recursive.yml"),
                "project: shop\nenvironments: &e {demo: *e}\nservices:\n  app: {image: relman/shop-app}\n");
        Path deep = Files.writeString(
                dir.resolve("deep.yml"), "project: shop\nservices: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n");

        Run cyclic = call(Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", recursive.toString());
        Run nested = call(Path.of("").toAbsolutePath(), Map.of(), "validate", "--plan", deep.toString());

        assertThat(cyclic.exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cyclic.out).isEmpty();
        assertThat(cyclic.err)
                .isEqualTo("relman: the plan " + recursive + " cannot be used; nothing was changed:\n"
                        + "  environments/demo: the alias *e is inside &e, the value it names, so that value would"
                        + " never end; give the value here instead (recursive.yml:2)\n");
        assertThat(nested.exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(nested.err)
                .isEqualTo(
                        "relman: the plan " + deep + " cannot be used; nothing was changed:\n"
                                + "  not valid YAML: nested more than 50 levels deep; a plan needs fewer than 10 (deep.yml:2)\n");
    }

    @Test
    void whatWouldNotRunTheSameIsDeclinedBeforeItStarts() throws Exception {
        Path here = Path.of("").toAbsolutePath();

        assertThat(call(dir, Map.of(), "validate", "--plan", PLAN).exit).isEqualTo(NOT_STARTED);
        assertThat(call(here, Map.of("RELMAN_TEMPORAL_ADDRESS", "127.0.0.1:1"), "validate", "--plan", PLAN).exit)
                .isEqualTo(NOT_STARTED);
        Run restore = call(here, Map.of("RELMAN_RESIDENT", "explain"), "restore", "--env", "demo");
        assertThat(restore.exit).isEqualTo(NOT_STARTED);
        assertThat(restore.err).contains("declined: restore asks its confirmation on the caller's terminal");
    }

    @Test
    void noResidentCliThereMeansNotStarted() throws Exception {
        Process client = client(dir.resolve("none.sock"), Path.of("").toAbsolutePath(), Map.of(), "validate");

        assertThat(client.waitFor()).isEqualTo(NOT_STARTED);
    }

    @Test
    void aRebuiltJarIsDeclinedAndStopsTheResidentCli() throws Exception {
        Path ownSocket = dir.resolve("rebuilt.sock");
        Path jar = Files.writeString(dir.resolve("rebuilt.jar"), "stands for the CLI's jar");
        AtomicBoolean stopped = new AtomicBoolean();
        serve(ownSocket, jar, () -> stopped.set(true));
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

        Run run = call(
                ownSocket,
                Path.of("").toAbsolutePath(),
                Map.of("RELMAN_RESIDENT", "explain"),
                "validate",
                "--plan",
                PLAN);

        assertThat(run.exit).isEqualTo(NOT_STARTED);
        assertThat(run.err).contains("was rebuilt after the resident CLI started");
        assertThat(stopped).isTrue();
        assertThat(ownSocket).doesNotExist();
    }

    private record Run(int exit, String out, String err) {}

    private static Run call(Path directory, Map<String, String> environment, String... args) throws Exception {
        return call(socket, directory, environment, args);
    }

    private static Run call(Path socket, Path directory, Map<String, String> environment, String... args)
            throws Exception {
        Process client = client(socket, directory, environment, args);
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(client.exitValue(), out, err);
    }

    private static Process client(Path socket, Path directory, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/python3",
                "-I",
                "-S",
                Path.of("../bin/resident.py").toAbsolutePath().toString(),
                socket.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }
}
