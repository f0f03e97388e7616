package io.relman.database;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The names of an environment's backups, {@code shop-demo-20261123-180512-before-v2}: sortable by
 * time, and telling which release took them.
 */
public final class BackupIds {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final Pattern TIME_PART = Pattern.compile("\\d{8}-\\d{6}-.+");

    private BackupIds() {}

    /** The id of a backup taken at {@code takenAt}, before {@code version} was released. */
    public static String before(String project, String environment, Instant takenAt, String version) {
        return prefix(project, environment) + TIME.format(takenAt) + "-before-" + version;
    }

    /**
     * The id of a backup of its own (a schedule's, {@code relman backup now}'s) taken at {@code takenAt}
     * by the run {@code runId}: {@code shop-demo-20261126-030000-backup-1f2e3d4c}. The run's mark (the
     * random end of its id) keeps two backups of one second apart.
     */
    public static String own(String project, String environment, Instant takenAt, String runId) {
        return prefix(project, environment) + TIME.format(takenAt) + "-backup-" + runId.substring(runId.length() - 8);
    }

    /** The id of the backup a restore takes of the database it replaces: {@code shop-demo-20261126-050000-before-restore}. */
    public static String beforeRestore(String project, String environment, Instant takenAt) {
        return prefix(project, environment) + TIME.format(takenAt) + "-before-restore";
    }

    /** What every backup id of the environment starts with. */
    public static String prefix(String project, String environment) {
        return project + "-" + environment + "-";
    }

    /** Whether {@code id} is a backup of the environment with this prefix (not of one whose name extends it). */
    public static boolean belongsTo(String id, String prefix) {
        return id.startsWith(prefix)
                && TIME_PART.matcher(id.substring(prefix.length())).matches();
    }
}
