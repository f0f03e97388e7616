package io.relman.database;

import java.util.List;

/**
 * A finished backup in the backup directory, and when it was finished (its manifest written).
 *
 * @param damagedNewer newer backups passed over because their data is missing or altered, in words
 */
public record StoredBackup(BackupFile backup, long finishedAtMillis, List<String> damagedNewer) {
    public StoredBackup {
        damagedNewer = damagedNewer == null ? List.of() : List.copyOf(damagedNewer);
    }
}
