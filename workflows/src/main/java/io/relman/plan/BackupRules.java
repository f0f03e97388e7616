package io.relman.plan;

import java.util.regex.Pattern;

/** The rules of a database's {@code backup}: its schedule and drill, what it keeps, its format, its copy. */
final class BackupRules {
    private static final Pattern CRON = Pattern.compile("[0-9A-Za-z*/,?-]+(\\s+[0-9A-Za-z*/,?-]+){4}");

    private BackupRules() {}

    static void check(Problems problems, String path, BackupPolicy backup) {
        cron(problems, path + "/schedule", backup.schedule());
        cron(problems, path + "/drill", backup.drill());
        problems.range(path + "/keep_last", backup.keepLast(), 1, 10_000);
        problems.range(path + "/keep_days", backup.keepDays(), 1, 36_500);
        if (!backup.format().equals(BackupPolicy.CUSTOM) && !backup.directoryFormat()) {
            problems.add(
                    path + "/format",
                    "must be custom (one file) or directory (one file per table, dumped and restored by jobs"
                            + " processes at once)");
        }
        problems.range(path + "/jobs", backup.jobs(), 1, 64);
    }

    /** A copy of each backup off the worker: a directory on one of the environment's SSH hosts. */
    static void copy(Problems problems, String at, Environment environment) {
        BackupCopyTarget target = environment.database().backup().copyTo();
        if (target == null) {
            return;
        }
        if (target.host() == null || environment.backupCopyHost() == null) {
            problems.add(
                    at + "/host",
                    (target.host() == null ? "is missing" : "'" + target.host() + "' is not one of hosts")
                            + "; name the SSH host the backups are copied to (listed under hosts:; local is the"
                            + " worker's own disk, where they already are)");
        }
        problems.text(
                at + "/dir",
                target.dir(),
                Problems.ABSOLUTE_DIRECTORY,
                "an absolute directory on that host, which its SSH user may write, e.g. /srv/relman/backups",
                true);
    }

    /** Five cron fields, as Temporal Schedules read them (UTC): minute hour day-of-month month day-of-week. */
    private static void cron(Problems problems, String path, String cron) {
        if (cron != null && !CRON.matcher(cron.strip()).matches()) {
            problems.add(
                    path,
                    "'" + cron + "' is not a cron expression of five fields (minute hour day month"
                            + " weekday, in UTC), e.g. \"0 3 * * *\" for 03:00 every day");
        }
    }
}
