package io.relman.cli;

import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that tells the running release of an environment something (approve, pause, resume,
 * abort): it finds the run, refuses when none runs, sends the signal with the operator's name, and
 * says what happens next.
 */
abstract class SignalCommand implements Callable<Integer> {
    @Mixin
    ReleaseRunParameter release;

    @Option(names = "--dry-run", description = "Find the running release and say what would be sent; send nothing.")
    boolean dryRun;

    @Mixin
    TemporalOptions temporal;

    /** The workflow's signal method name. */
    abstract String signal();

    /** What the release does now, for the operator. */
    abstract String whatHappensNext();

    @Override
    public Integer call() {
        WorkflowClient client = temporal.connect();
        WorkflowExecutionDescription description = temporal.latestRelease(client, release.run);
        String workflowId = description.getExecution().getWorkflowId();
        String runId = description.getExecution().getRunId();
        if (description.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            System.err.println("relman: no release of " + release.run + " is running; the latest one is "
                    + description
                            .getStatus()
                            .name()
                            .replace("WORKFLOW_EXECUTION_STATUS_", "")
                            .toLowerCase() + ": "
                    + temporal.runLink(workflowId, runId) + ". Nothing to " + signal() + ".");
            return ExitCode.UNREACHABLE;
        }
        if (dryRun) {
            System.out.println(
                    "Dry run: would send " + signal() + " to " + workflowId + " (" + description.getWorkflowType()
                            + " of " + description.getTypedSearchAttributes().get(RelmanTemporal.RELEASE_VERSION)
                            + ", run " + runId
                            + "), and then " + whatHappensNext().replaceFirst("\\.$", "") + ". Nothing is changed.");
            return 0;
        }
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, Optional.of(runId), Optional.empty());
        stub.signal(signal(), Operator.name());
        System.out.println("Sent " + signal() + " to " + workflowId + ": " + whatHappensNext());
        System.out.println("Web UI: " + temporal.runLink(workflowId, runId));
        System.out.println("Follow it with: relman status " + release.run + " --watch");
        return 0;
    }
}
