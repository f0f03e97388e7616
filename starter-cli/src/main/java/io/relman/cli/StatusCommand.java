package io.relman.cli;

import io.relman.release.ReleaseResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show the progress and outcome of an environment's latest release (running or ended): its",
            "steps so far and, after a failure, every undo step. With --watch, follow it until it ends."
        },
        footer = {"", "Examples:", "  relman status demo --watch", "  relman status release-demo"})
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ReleaseRunParameter release;

    @Option(names = "--watch", description = "Follow the release until it ends.")
    boolean watch;

    @Mixin
    TemporalOptions temporal;

    @Override
    public Integer call() {
        WorkflowClient client = temporal.connect();
        WorkflowExecutionDescription description = temporal.latestRelease(client, release.run);
        String workflowId = description.getExecution().getWorkflowId();
        String runId = description.getExecution().getRunId();
        WorkflowExecutionStatus status = description.getStatus();
        System.out.println(workflowId + ": "
                + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
        System.out.println("Web UI: " + temporal.runLink(workflowId, runId));
        WorkflowStub stub =
                client.newUntypedWorkflowStub(workflowId, java.util.Optional.of(runId), java.util.Optional.empty());
        ProgressView view = new ProgressView(System.out);
        if (watch) {
            // A Migration leaves the running release in place: the run's type says what "done" means.
            return view.watch(
                    stub,
                    ReleaseResult.class,
                    result -> System.out.println("Done: " + description.getWorkflowType() + " of " + result.version()
                            + " to " + result.environment() + " succeeded."));
        }
        view.show(stub);
        if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED) {
            try {
                stub.getResult(5, java.util.concurrent.TimeUnit.SECONDS, Void.class);
            } catch (WorkflowFailedException failed) {
                System.out.println(ProgressView.failureMessage(failed));
                ProgressView.failureDetails(failed).ifPresent(view::showUndone);
            } catch (java.util.concurrent.TimeoutException impossible) {
                // Described as failed, so its result is there; nothing more to print if it is not.
            }
        }
        return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
                        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED
                ? ExitCode.FAILED
                : 0;
    }
}
