package io.relman.database;

/**
 * A restore that was verified: {@code fingerprint} equals the backup's.
 *
 * @param asideDatabase where the database that was live before the restore is kept (closed to connections)
 */
public record RestoredBackup(
        String backupId, long elapsedMillis, DatabaseFingerprint fingerprint, String asideDatabase) {}
