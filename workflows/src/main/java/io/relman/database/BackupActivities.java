package io.relman.database;

import io.temporal.activity.ActivityInterface;

/** Database backups on the worker's host: pg_dump and pg_restore run inside the database container. */
@ActivityInterface(namePrefix = "Backup")
public interface BackupActivities {

    /**
     * Dumps the database (custom format, compressed) into the plan's backup directory as {@code ID.dump},
     * with its sha256 and the database's fingerprint in {@code ID.json}. A retry finds a finished dump
     * of the same id and returns it; an unfinished one is removed. Heartbeats while it dumps.
     */
    BackupFile dump(DumpRequest request);

    /**
     * Replaces the database's contents with a backup (after checking its sha256), then checks that
     * the schema and row counts equal the fingerprint taken with the dump.
     */
    RestoredBackup restore(RestoreRequest request);

    /** The newest finished backup the query finds (a dump and its metadata), or null when there is none. */
    StoredBackup newest(BackupQuery query);
}
