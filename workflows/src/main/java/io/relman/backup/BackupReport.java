package io.relman.backup;

import io.relman.database.BackupCopy;
import io.relman.database.BackupFile;
import io.relman.database.DeletedBackup;
import java.util.List;

/**
 * What a Backup run did, measured: the backup it took, every backup retention deleted, how many are
 * left, which ones retention had to keep whatever their age, and the databases restores had set aside
 * that it dropped, and the backup's copy off the worker (null when the plan asks for none).
 */
public record BackupReport(
        BackupFile backup,
        List<DeletedBackup> deleted,
        int kept,
        List<String> keptOnPurpose,
        List<String> droppedDatabases,
        BackupCopy copy) {
    public BackupReport {
        droppedDatabases = droppedDatabases == null ? List.of() : List.copyOf(droppedDatabases);
    }
}
