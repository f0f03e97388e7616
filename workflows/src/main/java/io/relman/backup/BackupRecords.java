package io.relman.backup;

import java.util.List;
import java.util.Map;

/**
 * What relman's database knows about an environment's backups.
 *
 * @param latestReleaseBackup the backup the latest succeeded release refers to, or null
 * @param usedBy backup id to the releases that took or relied on it ("deploy v2 succeeded")
 * @param drills the newest drills, newest first
 */
public record BackupRecords(String latestReleaseBackup, Map<String, String> usedBy, List<DrillRecord> drills) {
    /** The newest backup a drill restored and found whole, or null. */
    public String newestVerified() {
        return drills.stream()
                .filter(DrillRecord::passed)
                .map(DrillRecord::backupId)
                .findFirst()
                .orElse(null);
    }
}
