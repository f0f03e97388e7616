package io.relman.cli.backup;

import io.relman.cli.common.ProgressView;
import io.relman.cli.common.TemporalOptions;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowFailedException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Whether an environment's latest restore drill failed, from Temporal's own records of its runs. */
public final class DrillStatus {
    /** Drills are weekly or so: the newest among this many runs is the environment's. */
    private static final int RECENT_DRILLS = 100;

    private DrillStatus() {}

    /** A line saying that the newest drill of {@code drillWorkflowId} failed, and why; empty when it did not. */
    public static Optional<String> lastFailed(WorkflowClient client, TemporalOptions temporal, String drillWorkflowId) {
        Optional<WorkflowExecutionMetadata> newest = client.listExecutions("WorkflowType = 'Drill'")
                .limit(RECENT_DRILLS)
                .filter(run -> RelmanTemporal.isRunOf(run.getExecution().getWorkflowId(), drillWorkflowId))
                .findFirst();
        if (newest.isEmpty() || newest.get().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
            return Optional.empty();
        }
        WorkflowExecutionMetadata drill = newest.get();
        String why;
        try {
            client.newUntypedWorkflowStub(
                            drill.getExecution().getWorkflowId(),
                            Optional.of(drill.getExecution().getRunId()),
                            Optional.empty())
                    .getResult(5, TimeUnit.SECONDS, Void.class);
            why = "";
        } catch (WorkflowFailedException failed) {
            why = ": " + ProgressView.failureMessage(failed);
        } catch (TimeoutException notReadable) {
            why = "";
        }
        return Optional.of("Backups: the last restore drill FAILED at " + drill.getCloseTime() + why + " ("
                + temporal.runLink(
                        drill.getExecution().getWorkflowId(),
                        drill.getExecution().getRunId()) + ")");
    }
}
