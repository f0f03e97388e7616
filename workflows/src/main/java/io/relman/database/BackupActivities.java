package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.temporal.activity.ActivityInterface;
import java.util.List;
import java.util.Map;

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

    /**
     * The newest backup the query finds whose data is whole (its sha256 is checked; damaged newer ones
     * are named in the answer), or null when there is none.
     */
    StoredBackup newest(BackupQuery query);

    /** The backup named, after checking its data against its sha256; a missing or damaged one fails without retry. */
    StoredBackup whole(WholeBackupQuery query);

    /** The live database's size in bytes ({@code pg_database_size}): what a restore needs free beside it. */
    long sizeOf(Host host, Database database);

    /**
     * Undoes a restore: the database it kept aside becomes the live one again, in one transaction, and
     * the restored one is kept aside. Nothing to do (and says so) when the restore never swapped.
     */
    String putBack(PutBackRequest request);

    /**
     * Drops the databases restores set aside (NAME_before_restore_TIME) once they are {@code keepDays}
     * old; each one dropped, in words.
     */
    List<String> dropAsides(AsideRetention request);

    /** Every backup the query finds, newest first, without reading their data. */
    List<StoredBackup> list(BackupQuery query);

    /** Re-reads every backup the query finds: backup id to what is wrong with its data; whole ones are absent. */
    Map<String, String> damaged(BackupQuery query);

    /** Deletes the backups {@link Retention} selects, manifest first; lists each one. */
    PrunedBackups prune(PruneRequest request);

    /**
     * Restores a backup into a scratch database, compares it with the backup's fingerprint, runs the
     * plan's drill_check on it and drops it. A backup that does not come back whole is an outcome,
     * not a failure: the workflow records it.
     */
    DrillOutcome drill(DrillRequest request);

    /**
     * Copies a backup off the worker to another host over SFTP (the plan's {@code copy_to}): into a
     * staging directory, each file read back and its sha256 checked, then renamed into place, manifest
     * last; removes there the copies of backups deleted here. A retry finds a finished copy and checks it.
     * Heartbeats while it copies.
     */
    BackupCopy copyOff(BackupCopyRequest request);
}
