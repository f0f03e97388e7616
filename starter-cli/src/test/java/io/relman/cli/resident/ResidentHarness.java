package io.relman.cli.resident;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.RelmanCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** A resident CLI on a socket of a test's own, and bin/relman's client (bin/resident.py) calling it. */
final class ResidentHarness {
    static final String PLAN = "../examples/shop/relman.yml";
    static final int NOT_STARTED = 125;

    private ResidentHarness() {}

    static Path jar(Path dir, String name) throws IOException {
        return Files.writeString(dir.resolve(name + ".jar"), "stands for the CLI's jar");
    }

    static CompletableFuture<Void> serve(Path socket, Path jar, Runnable stop) throws Exception {
        return serve(new ResidentCli(socket, jar, stop, Duration.ofSeconds(5), Duration.ofHours(1), RelmanCli::run));
    }

    /** Serves in a thread of its own; the future ends when serving does (a refused start, say). */
    static CompletableFuture<Void> serve(ResidentCli resident) throws Exception {
        CompletableFuture<Void> served = new CompletableFuture<>();
        Thread server = new Thread(
                () -> {
                    try {
                        resident.serve();
                        served.complete(null);
                    } catch (IOException | RuntimeException e) {
                        served.completeExceptionally(e);
                    }
                },
                "resident-cli-under-test");
        server.setDaemon(true);
        server.start();
        return served;
    }

    static void awaitSocket(Path socket) throws InterruptedException {
        for (int i = 0; i < 100 && !Files.exists(socket); i++) {
            Thread.sleep(50);
        }
    }

    static void awaitTrue(AtomicBoolean flag) throws InterruptedException {
        for (int i = 0; i < 100 && !flag.get(); i++) {
            Thread.sleep(50);
        }
        assertThat(flag).isTrue();
    }

    record Run(int exit, String out, String err) {}

    static Run call(Path socket, Path directory, Map<String, String> environment, String... args) throws Exception {
        Process client = client(socket, directory, environment, args);
        String out = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(client.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(client.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(client.exitValue(), out, err);
    }

    static Process client(Path socket, Path directory, Map<String, String> environment, String... args)
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
