package io.relman.backup;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A restore drill ({@code drill-PROJECT-ENV}, on a Schedule or {@code relman backup drill}): the newest
 * backup restored into a scratch database and checked; a backup that does not come back whole fails
 * the run, red in the Web UI, and the next {@code relman backup list} says so.
 */
@WorkflowInterface
public interface DrillWorkflow {
    @WorkflowMethod(name = "Drill")
    DrillRecord drill(BackupRequest request);
}
