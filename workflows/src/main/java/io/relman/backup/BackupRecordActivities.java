package io.relman.backup;

import io.temporal.activity.ActivityInterface;

/** relman's own records about backups (drills, the releases that use them), in its database. */
@ActivityInterface(namePrefix = "BackupRecord")
public interface BackupRecordActivities {

    /** What relman's database knows about the environment's backups. */
    BackupRecords records(BackupRequest request);

    /** Stores a drill's outcome; recording the same run again replaces it. */
    void recordDrill(DrillRecord drill);
}
