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
 */
public record BackupPolicy(String schedule, int keepLast, int keepDays, String drill, String drillCheck) {
    public static final int DEFAULT_KEEP_LAST = 7;
    public static final int DEFAULT_KEEP_DAYS = 30;
    public static final BackupPolicy DEFAULTS =
            new BackupPolicy(null, DEFAULT_KEEP_LAST, DEFAULT_KEEP_DAYS, null, null);
}
