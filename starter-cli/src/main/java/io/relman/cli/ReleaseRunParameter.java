package io.relman.cli;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The release a command looks at or signals: an environment, or its workflow id as the Web UI shows it,
 * on the Temporal server the connection options name.
 */
final class ReleaseRunParameter {
    @Parameters(
            paramLabel = "ENV|WORKFLOW_ID",
            description = "The environment, or its release workflow id (release-ENV, as the Web UI shows it).")
    String run;

    @Mixin
    TemporalOptions temporal;

    /** The latest run of the release (running or ended), as the server describes it. */
    LatestRun latest() {
        WorkflowClient client = temporal.connect();
        return new LatestRun(client, temporal.latestRelease(client, run));
    }

    /** One release run found on the server. */
    final class LatestRun {
        final WorkflowClient client;
        final WorkflowExecutionDescription description;
        final String workflowId;
        final String runId;

        private LatestRun(WorkflowClient client, WorkflowExecutionDescription description) {
            this.client = client;
            this.description = description;
            this.workflowId = description.getExecution().getWorkflowId();
            this.runId = description.getExecution().getRunId();
        }

        WorkflowExecutionStatus status() {
            return description.getStatus();
        }

        /** {@code running}, {@code completed}, {@code failed}... */
        String statusWord() {
            return status().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
        }

        WorkflowStub stub() {
            return client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
        }

        String link() {
            return temporal.runLink(workflowId, runId);
        }
    }
}
