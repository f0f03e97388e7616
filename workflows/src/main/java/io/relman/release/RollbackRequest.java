package io.relman.release;

import io.relman.database.BackupFile;

/**
 * @param release the release to go back to ({@code version} is the target)
 * @param fromVersion the release the environment runs now; the rollback refuses to start otherwise
 * @param restoreDatabaseFrom the backup to restore instead of running the migration down, or null
 */
public record RollbackRequest(ReleaseRequest release, String fromVersion, BackupFile restoreDatabaseFrom) {}
