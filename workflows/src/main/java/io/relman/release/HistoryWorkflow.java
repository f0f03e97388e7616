package io.relman.release;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reads relman's release records for the CLI. It goes through Temporal because Temporal is what the
 * CLI reaches; relman's database stays private to the workers.
 */
@WorkflowInterface
public interface HistoryWorkflow {
    @WorkflowMethod(name = "History")
    java.util.List<ReleaseRecord> history(HistoryRequest request);
}
