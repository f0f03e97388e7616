package io.relman.database;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a backup's copy consists of, by their names on the copy's host: the data (one file, or the
 * directory format's file per table) with the sha256 the dump recorded, then the manifest, which is
 * written last, so that a copy with its manifest is whole.
 */
final class BackupCopyFiles {
    /**
     * One file to copy.
     *
     * @param local where it is on the worker
     * @param name its path under the copy's directory ({@code ID.dump}, {@code ID.dir/TABLE}, {@code ID.json})
     * @param sha256 what the dump recorded for it, or null (the manifest: hashed on the worker when copied)
     */
    record CopiedFile(Path local, String name, String sha256) {}

    private BackupCopyFiles() {}

    static List<CopiedFile> of(BackupFile backup) {
        Path data = Path.of(backup.path());
        String dataName = data.getFileName().toString();
        List<CopiedFile> files = new ArrayList<>();
        if (backup.parts() == null) {
            files.add(new CopiedFile(data, dataName, backup.sha256()));
        } else {
            for (BackupPart part : backup.parts()) {
                files.add(new CopiedFile(data.resolve(part.name()), dataName + "/" + part.name(), part.sha256()));
            }
        }
        String manifest = backup.id() + BackupFileNames.MANIFEST_SUFFIX;
        files.add(new CopiedFile(data.resolveSibling(manifest), manifest, null));
        return files;
    }

    /** The names a backup's copy may have on the host: its data file or directory, and its manifest. */
    static List<String> namesOf(String backupId) {
        return List.of(
                backupId + BackupFileNames.DATA_SUFFIX,
                backupId + BackupFileNames.DIRECTORY_SUFFIX,
                backupId + BackupFileNames.MANIFEST_SUFFIX);
    }
}
