package io.relman.cli.release;

import io.relman.cli.backup.DrillStatus;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.ProgressView;
import io.relman.release.ReleaseResult;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "status",
        header = "Show an environment's latest release: its steps and its outcome.",
        mixinStandardHelpOptions = true,
        description = {
            "Show the progress and outcome of an environment's latest release (running or ended): its",
            "steps so far and, after a failure, every undo step. With --watch, follow it until it ends."
        },
        footer = {"", "Examples:", "  relman status demo --watch", "  relman status release-shop-demo"})
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    ReleaseRunParameter release;

    @Option(names = "--watch", description = "Follow the release until it ends.")
    boolean watch;

    @Override
    public Integer call() {
        ReleaseRunParameter.LatestRun latest = release.latest();
        WorkflowExecutionStatus status = latest.status();
        System.out.println(latest.workflowId + ": " + latest.statusWord());
        System.out.println("Web UI: " + latest.link());
        WorkflowStub stub = latest.stub();
        ProgressView view = new ProgressView(System.out);
        if (watch) {
            // A Migration leaves the running release in place: the run's type says what "done" means.
            return view.watch(
                    stub,
                    ReleaseResult.class,
                    "relman status " + latest.workflowId + " --watch",
                    result -> System.out.println("Done: " + latest.description.getWorkflowType() + " of "
                            + result.version() + " to " + result.environment() + " succeeded."));
        }
        view.show(stub);
        DrillStatus.lastFailed(latest.client, release.temporal, RelmanTemporal.drillWorkflowIdOf(latest.workflowId))
                .ifPresent(System.out::println);
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
