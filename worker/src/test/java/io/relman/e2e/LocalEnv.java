package io.relman.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A user's own worker settings, {@code .relman/local.env} (here a file of the test's, which
 * {@code RELMAN_LOCAL_ENV} names): their stack's secrets and additions to relman's allow-lists. A worker a test
 * starts gets what scripts/setup.sh would start the runtime's worker with: scripts/local-env.sh's
 * {@code worker_environment} says what that is, the file's checks included.
 */
final class LocalEnv {
    private LocalEnv() {}

    /** Writes {@code variables} to {@code file}, readable by its owner only, as docs/own-stack.md asks of a user. */
    static Path write(Path file, Map<String, String> variables) {
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            return Files.writeString(
                    file,
                    variables.entrySet().stream()
                            .map(entry -> entry.getKey() + "=" + entry.getValue() + "\n")
                            .collect(Collectors.joining()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines relman init printed for .relman/local.env, as a user copies them (placeholders included). */
    static Map<String, String> linesInitPrinted(String printed) {
        Map<String, String> lines = new LinkedHashMap<>();
        printed.lines()
                .dropWhile(line -> !line.startsWith("The worker needs these lines in .relman/local.env"))
                .map(String::strip)
                .filter(line -> line.matches("[A-Z_][A-Z0-9_]*=.*"))
                .forEach(
                        line -> lines.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return lines;
    }

    /** The worker's environment with {@code file} as the user's local.env, as scripts/setup.sh would give it. */
    static Map<String, String> workerEnvironment(Path file) {
        String lines = E2eRuntime.output(
                Map.of("RELMAN_LOCAL_ENV", file.toString()),
                "bash",
                "-c",
                "source scripts/lib.sh && worker_environment");
        Map<String, String> environment = new LinkedHashMap<>();
        lines.lines()
                .filter(line -> line.contains("="))
                .forEach(line ->
                        environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1)));
        return environment;
    }
}
