package io.relman.backup;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A backup of an environment's database of its own, outside any release (the Temporal Schedule
 * {@code backup-PROJECT-ENV}, or {@code relman backup now}): the dump, then retention.
 */
@WorkflowInterface
public interface BackupWorkflow {
    @WorkflowMethod(name = "Backup")
    BackupReport backup(BackupRequest request);
}
