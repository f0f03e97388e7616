package io.relman.plan;

/**
 * The database's backups of their own ({@code database.backup} in the plan): when the Temporal
 * Schedule takes one, how many are kept, and when the newest is test-restored (a drill).
 *
 * @param schedule cron (five fields, UTC) of the backup schedule, or null for none
 * @param keepLast the newest this many backups are always kept
 * @param keepDays older backups are deleted after this many days (beyond the newest keepLast)
 * @param drill cron of the restore drill, or null for none
 * @param drillCheck SQL the drill runs on the restored copy; it must succeed (optional)
 * @param format {@code custom} (one file) or {@code directory} (one file per table, dumped and restored
 *     by {@code jobs} processes at once)
 * @param jobs pg_dump's and pg_restore's parallel jobs with the directory format
 * @param copyTo where each backup is copied off the worker, or null
 */
public record BackupPolicy(
        String schedule,
        int keepLast,
        int keepDays,
        String drill,
        String drillCheck,
        String format,
        int jobs,
        BackupCopyTarget copyTo) {
    public static final int DEFAULT_KEEP_LAST = 7;
    public static final int DEFAULT_KEEP_DAYS = 30;
    public static final String CUSTOM = "custom";
    public static final String DIRECTORY = "directory";
    public static final int DEFAULT_JOBS = 2;
    public static final BackupPolicy DEFAULTS =
            new BackupPolicy(null, DEFAULT_KEEP_LAST, DEFAULT_KEEP_DAYS, null, null);

    public BackupPolicy {
        format = format == null ? CUSTOM : format;
        jobs = jobs == 0 ? DEFAULT_JOBS : jobs;
    }

    /** In the custom format. */
    public BackupPolicy(String schedule, int keepLast, int keepDays, String drill, String drillCheck) {
        this(schedule, keepLast, keepDays, drill, drillCheck, CUSTOM, DEFAULT_JOBS, null);
    }

    public boolean directoryFormat() {
        return DIRECTORY.equals(format);
    }
}
