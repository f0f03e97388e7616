package io.relman.database;

/** A restore that was verified: {@code fingerprint} equals the backup's. */
public record RestoredBackup(String backupId, long elapsedMillis, DatabaseFingerprint fingerprint) {}
