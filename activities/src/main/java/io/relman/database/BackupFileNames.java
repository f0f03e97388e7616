package io.relman.database;

import io.relman.temporal.FailureType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The names of a backup's files in its directory, each confined to it: a backup id is made of the plan's
 * project and environment, so every name built from one is checked before anything is read or written.
 */
final class BackupFileNames {
    static final String DATA_SUFFIX = ".dump";
    static final String DIRECTORY_SUFFIX = ".dir";
    static final String MANIFEST_SUFFIX = ".json";
    static final String PARTIAL_SUFFIX = ".partial";

    private final Path directory;

    BackupFileNames(Path directory) {
        this.directory = directory;
    }

    /**
     * The file {@code name} of this directory: one file name (no '/', no '..'), which resolves inside it. A
     * backup id is made of the plan's project and environment: a name that climbs out is refused, changing
     * nothing, whichever run sent it.
     */
    Path file(String name) {
        Path file = directory.resolve(name).toAbsolutePath().normalize();
        // A file name, not the plan's name rule: a backup id also holds the version, which may be long.
        if (!oneFileName(name)
                || !file.getParent().equals(directory.toAbsolutePath().normalize())) {
            throw FailureType.PATH_REFUSED.failure("the backup file name '" + name + "' would not be a file of the"
                    + " plan's backup_dir " + directory + ": project and environment names may hold letters,"
                    + " digits, '.', '_' and '-' only. Nothing was changed.");
        }
        return file;
    }

    /** One file name of at most 255 bytes: no '/', no NUL, neither '.' nor '..'. */
    static boolean oneFileName(String name) {
        return name != null
                && !name.isEmpty()
                && name.indexOf('/') < 0
                && name.indexOf('\0') < 0
                && !name.equals(".")
                && !name.equals("..")
                && name.getBytes(StandardCharsets.UTF_8).length <= 255;
    }

    Path dataFile(String id) {
        return file(id + DATA_SUFFIX);
    }

    Path dataDirectory(String id) {
        return file(id + DIRECTORY_SUFFIX);
    }

    Path manifest(String id) {
        return file(id + MANIFEST_SUFFIX);
    }

    static Path partialOf(Path file) {
        return file.resolveSibling(file.getFileName() + PARTIAL_SUFFIX);
    }

    static boolean isPartial(Path file) {
        return file.getFileName().toString().endsWith(PARTIAL_SUFFIX);
    }

    static boolean isManifest(Path file) {
        return file.getFileName().toString().endsWith(MANIFEST_SUFFIX);
    }

    /** The backup id of the manifest {@code ID.json}. */
    static String idOf(Path manifest) {
        String name = manifest.getFileName().toString();
        return name.substring(0, name.length() - MANIFEST_SUFFIX.length());
    }
}
