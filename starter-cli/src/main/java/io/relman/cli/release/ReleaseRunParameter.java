package io.relman.cli.release;

import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.PlanOption;
import io.relman.cli.common.TemporalOptions;
import io.relman.plan.Plan;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The release a command looks at or signals: an environment of the plan, or its workflow id as the Web UI
 * shows it, on the Temporal server the connection options name.
 */
final class ReleaseRunParameter {
    @Parameters(
            paramLabel = "ENV|WORKFLOW_ID",
            description = "The environment of the plan, or its release workflow id (release-PROJECT-ENV, as the"
                    + " Web UI shows it; then no plan is read).")
    String run;

    @Mixin
    PlanOption plan;

    @Mixin
    TemporalOptions temporal;

    /** The latest run of the release (running or ended), as the server describes it. */
    LatestRun latest() {
        String workflowId = workflowId();
        WorkflowClient client = temporal.connect();
        return new LatestRun(client, temporal.latestRelease(client, workflowId, run));
    }

    /** The workflow id given, or the one of the plan's project and the environment given. */
    private String workflowId() {
        if (RelmanTemporal.isReleaseWorkflowId(run)) {
            return run;
        }
        Plan loaded = plan.load();
        if (loaded.environment(run).isEmpty()) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    plan.unknownEnvironment(loaded, run) + " Name one of them, or the release's workflow id.");
        }
        return RelmanTemporal.releaseWorkflowId(loaded.project(), run);
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
