package io.relman.release.saga;

import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseOutcome;
import io.relman.saga.Compensation;
import io.relman.saga.Compensations;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * What follows the undo steps: the stack compared with what the pre-flight saw, and the run recorded in
 * relman's history. Neither may lose the report of what was undone: a comparison that fails is a line of
 * it (the undo is then not known to be complete), and so is a record that still fails after its retries
 * (with where to see the run instead); the run still ends with the release's own failure. Workflow code.
 */
final class AfterUndo {
    /** Version marker: a failed comparison or record after an undo is a line of the report, not the run's end. */
    static final String CHANGE = "release-undo-report-kept";

    private final Release release;
    private final StackCheck stack;
    private final Recording recording;
    private boolean compared;
    private boolean comparisonFailed;
    private String recordFailed;

    AfterUndo(Release release, StackCheck stack, Recording recording) {
        this.release = release;
        this.stack = stack;
        this.recording = recording;
    }

    /** How the stack differs from before the release, one line each; one line saying why, if it could not tell. */
    List<String> sinceBefore() {
        try {
            List<String> differences = stack.sinceBefore();
            compared = true;
            return differences;
        } catch (TemporalFailure failure) {
            if (!kept()) {
                throw failure;
            }
            comparisonFailed = true;
            String line = "could not compare the stack with before: " + Compensations.shortMessage(failure);
            release.progress.report(ReleaseStep.COMPENSATE, null, line);
            return List.of(line);
        }
    }

    /** Records the run as failed (the activity retries on its own); a record that still fails is reported. */
    void recordFailed(String reason) {
        try {
            recording.record(ReleaseOutcome.FAILED, reason);
        } catch (TemporalFailure failure) {
            if (!kept()) {
                throw failure;
            }
            recordFailed = "the history record failed (" + Compensations.shortMessage(failure) + "): `relman history`"
                    + " does not list this run; see it in Temporal's Web UI, workflow " + Release.workflowId()
                    + ", run " + Workflow.getInfo().getRunId();
            release.progress.report(ReleaseStep.RECORD, null, recordFailed);
        }
    }

    /** Whether the replicas were compared with the engine after the undo. */
    boolean compared() {
        return compared;
    }

    /** What the comparison measured, in words, or null (see {@link StackCheck#comparedWith}). */
    String comparedWith() {
        return compared ? stack.comparedWith() : null;
    }

    /** Why the run is not in relman's history, or null when it is. */
    String recordFailure() {
        return recordFailed;
    }

    /** The run's last event: whether it was recorded, and what the undo left. */
    String lastEvent(ReleaseFailure details) {
        String recorded = recordFailed == null
                ? "release recorded as failed"
                : "release NOT recorded in relman's history (see above)";
        if (details.compensations().isEmpty() && details.differences().isEmpty()) {
            return recorded;
        }
        if (details.fullyUndone()) {
            return recorded + "; every change was undone" + undoneHow(details);
        }
        boolean anUndoStepFailed =
                details.compensations().stream().anyMatch(c -> c.outcome() == Compensation.Outcome.FAILED);
        return recorded
                + (comparisonFailed && !anUndoStepFailed
                        ? "; the undo could NOT be checked, see above"
                        : "; some changes could NOT be undone, see above");
    }

    /** What a fully undone run's last event says it rests on. */
    private String undoneHow(ReleaseFailure details) {
        if (details.comparedWith() != null) {
            return ": compared with " + details.comparedWith() + ", the stack is as the pre-flight saw it";
        }
        return compared ? ", and the replicas are as the pre-flight saw them" : "";
    }

    /** Whether this run keeps its report through such a failure (runs from before ended with it). */
    private static boolean kept() {
        return Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    }
}
