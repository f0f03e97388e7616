package io.relman.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A user's own worker settings, {@code .relman/local.env} (here a file of the test's, as {@code RELMAN_LOCAL_ENV}
 * points to): their stack's secrets and additions to relman's allow-lists. The worker a test starts gets them
 * as scripts/setup.sh gives them to the runtime's worker: every variable beside relman's, and
 * {@code RELMAN_SECRETS_ALLOWED} and {@code RELMAN_PATHS_ALLOWED} added to relman's own entries.
 */
final class LocalEnv {
    static final List<String> ADDED_TO_RELMANS = List.of("RELMAN_SECRETS_ALLOWED", "RELMAN_PATHS_ALLOWED");

    private LocalEnv() {}

    /** Writes {@code variables} to {@code file}, readable by its owner only, as the README asks of a user. */
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

    /** What a worker started with {@code file} has in its environment beyond the runtime's secrets. */
    static Map<String, String> workerEnvironment(Path file) {
        Map<String, String> environment = new LinkedHashMap<>(E2eRuntime.workerSettings());
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] pair = line.split("=", 2);
                environment.merge(
                        pair[0],
                        pair[1],
                        (relmans, users) -> ADDED_TO_RELMANS.contains(pair[0]) ? relmans + "," + users : users);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return environment;
    }
}
