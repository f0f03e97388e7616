package io.relman.database;

/**
 * A finished dump on the worker's host.
 *
 * @param fingerprint the database as it was when dumped; a restore must give it back
 */
public record BackupFile(
        String id, String path, long sizeBytes, String sha256, long elapsedMillis, DatabaseFingerprint fingerprint) {}
