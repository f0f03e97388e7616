package io.relman.database;

import java.util.List;

/**
 * A finished backup on the worker's host, and its manifest ({@code ID.json} beside the data).
 *
 * @param path the dump (custom format) on the worker's host
 * @param sha256 of the dump's bytes, checked before every restore and by {@code relman backup verify}
 * @param fingerprint the database as it was in the snapshot the dump was taken from; a restore must give it back
 * @param database the database's name
 * @param relmanVersion the relman that took it
 * @param releaseId the workflow id of the release that took it, or null for a backup of its own
 * @param takenAtMillis when the dump's snapshot was taken
 * @param parts the files of a directory-format dump ({@code path} is the directory; {@code sha256} that of
 *     their names and checksums), or null for a custom-format dump ({@code path} is the file)
 */
public record BackupFile(
        String id,
        String path,
        long sizeBytes,
        String sha256,
        long elapsedMillis,
        DatabaseFingerprint fingerprint,
        String database,
        String relmanVersion,
        String releaseId,
        long takenAtMillis,
        List<BackupPart> parts) {
    /** A custom-format dump: one file. */
    public BackupFile(
            String id,
            String path,
            long sizeBytes,
            String sha256,
            long elapsedMillis,
            DatabaseFingerprint fingerprint,
            String database,
            String relmanVersion,
            String releaseId,
            long takenAtMillis) {
        this(
                id,
                path,
                sizeBytes,
                sha256,
                elapsedMillis,
                fingerprint,
                database,
                relmanVersion,
                releaseId,
                takenAtMillis,
                null);
    }

    public boolean directoryFormat() {
        return parts != null;
    }
}
