package io.relman.cli.release;

import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that tells the running release of an environment something (approve, pause, resume,
 * abort): it finds the run, refuses when none runs or when the run there does not answer the signal
 * ({@link SignalAnswers}: a Restore or a Maintenance answers abort alone), sends the signal with the operator's name, and
 * says what happens next.
 */
abstract class SignalCommand implements Callable<Integer> {
    @Mixin
    ReleaseRunParameter release;

    @Option(names = "--dry-run", description = "Find the running release and say what would be sent; send nothing.")
    boolean dryRun;

    /** The workflow's signal method name. */
    abstract String signal();

    /** What the release does now, for the operator. */
    abstract String whatHappensNext();

    @Override
    public Integer call() {
        ReleaseRunParameter.LatestRun latest = release.latest();
        if (latest.status() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            System.err.println("relman: no release of " + release.run + " is running; the latest one is "
                    + latest.statusWord() + ": " + latest.link() + ". Nothing to " + signal() + ".");
            return ExitCode.UNREACHABLE;
        }
        String type = latest.description.getWorkflowType();
        Optional<String> refusal = SignalAnswers.refusal(type, signal(), latest.workflowId);
        if (refusal.isPresent()) {
            System.err.println("relman: " + refusal.get());
            return ExitCode.REFUSED;
        }
        String next = SignalAnswers.whatHappensNext(type, signal()).orElse(whatHappensNext());
        if (dryRun) {
            System.out.println("Dry run: would send " + signal() + " to " + latest.workflowId + " ("
                    + latest.description.getWorkflowType() + " of "
                    + latest.description.getTypedSearchAttributes().get(RelmanTemporal.RELEASE_VERSION) + ", run "
                    + latest.runId + "), and then " + next.replaceFirst("\\.$", "")
                    + ". Nothing is changed.");
            return 0;
        }
        latest.stub().signal(signal(), Operator.name());
        System.out.println("Sent " + signal() + " to " + latest.workflowId + ": " + next);
        System.out.println("Web UI: " + latest.link());
        System.out.println("Follow it with: relman status " + latest.workflowId + " --watch");
        return 0;
    }
}
