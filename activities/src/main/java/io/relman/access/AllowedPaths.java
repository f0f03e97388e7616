package io.relman.access;

import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * The directories of the worker's host that plans may use ({@code relman.paths.allowed}): build contexts
 * and backup directories must lie under one of them. Whoever can start a workflow can send a plan, and a
 * build context {@code /} would hand the whole host to the Docker engine.
 */
public final class AllowedPaths {
    private final List<Path> roots;

    private AllowedPaths(List<Path> roots) {
        this.roots = roots;
    }

    /** {@code roots}: absolute directories; blank entries are ignored. */
    public static AllowedPaths of(Collection<String> roots) {
        return new AllowedPaths(roots.stream()
                .map(String::strip)
                .filter(root -> !root.isEmpty())
                .map(root -> real(Path.of(root).toAbsolutePath().normalize()))
                .toList());
    }

    /**
     * {@code path}, if it lies under an allowed root once {@code ..} and symbolic links are resolved, else a
     * non-retryable failure naming the plan's key and the setting that would allow it.
     */
    public Path require(String path, String planKey) {
        Path resolved = real(Path.of(path).toAbsolutePath().normalize());
        if (roots.stream().anyMatch(resolved::startsWith)) {
            return resolved;
        }
        throw FailureType.PATH_REFUSED.failure(planKey + " " + path
                + (resolved.toString().equals(path) ? "" : " (" + resolved + ")")
                + " is outside the directories this worker lets plans use ("
                + (roots.isEmpty()
                        ? "none is configured"
                        : String.join(", ", roots.stream().map(Path::toString).toList()))
                + "): move it under one of them, or add its directory to relman.paths.allowed (RELMAN_PATHS_ALLOWED,"
                + " comma-separated) in the worker's configuration and restart the worker. Nothing was changed.");
    }

    /** The path with symbolic links resolved as far as it exists: a link out of a root does not count as in it. */
    private static Path real(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
