package io.relman.backup;

/** The values of the BackupState search attribute, which the Web UI lists and filters runs by. */
public enum BackupState {
    BACKED_UP("backed-up"),
    BACKUP_FAILED("backup-failed"),
    DRILL_PASSED("drill-passed"),
    DRILL_FAILED("drill-failed");

    private final String value;

    BackupState(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
