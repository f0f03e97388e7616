package io.relman.backup;

import java.util.List;

/**
 * A restore that was done and verified.
 *
 * @param safetyBackupId the backup taken of the database it replaced, first; null unless the plan asks for
 *     one ({@code restore.backup_replaced}): the aside database is the undo
 * @param asideDatabase where the replaced database is kept, closed to connections
 * @param rowCounts the restored database's row counts, equal to the backup's
 * @param heldServices the services whose traffic nginx held (502) while the database was swapped
 */
public record RestoreReport(
        String backupId,
        String safetyBackupId,
        String asideDatabase,
        String rowCounts,
        long elapsedMillis,
        List<String> heldServices) {}
