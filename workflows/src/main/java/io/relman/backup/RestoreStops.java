package io.relman.backup;

import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What stops a running restore: {@code relman abort} (the signal every run under release-PROJECT-ENV
 * answers) or a cancel in the Web UI. Both stop it at its next step boundary, never inside a step (a
 * restore stopped halfway through its swap would race its own undo), and then the undo runs in a detached
 * scope, so that a cancel does not fail every undo step at once. Once the restored database is in and
 * the traffic is going back, a stop is too late and the restore finishes. Workflow code.
 */
final class RestoreStops {
    /**
     * Since this change: abort is answered, steps and undo run detached from the run's cancellation, and the
     * traffic goes back to what nginx routed before the hold. Runs recorded before replay as they ran.
     */
    static final String CHANGE = "restore-stops-and-routed-traffic";

    private final Consumer<String> report;
    private boolean answered;
    /** Why the run stops ("aborted by ann@ops", "cancelled"), or null. */
    private String stoppedBy;

    private boolean tooLate;
    private boolean undoing;

    RestoreStops(Consumer<String> report) {
        this.report = report;
    }

    /** At the start of the run, before any activity: whether this run answers stops (recorded runs may not). */
    boolean begin() {
        answered = Workflow.getVersion(CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
        if (answered) {
            CancellationScope.current().getCancellationRequest().thenApply(reason -> {
                stop("cancelled" + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
                return null;
            });
            if (stoppedBy != null) {
                report.accept(stoppedBy + ": the restore stops at its next step and undoes what it did");
            }
        }
        return answered;
    }

    /** The abort signal: stop at the next step boundary and undo. */
    void abort(String by) {
        stop("aborted by " + by);
    }

    private void stop(String reason) {
        if (stoppedBy != null) {
            return;
        }
        stoppedBy = reason;
        if (answered) {
            report.accept(reason
                    + (undoing
                            ? ": the restore is undoing what it did already"
                            : tooLate
                                    ? ": too late, the restored database is in and the traffic is going back"
                                    : ": the restore stops at its next step and undoes what it did"));
        }
    }

    /** A step boundary: fails the run (which then undoes) when it was stopped, saying before what. */
    void check(String before) {
        if (answered && stoppedBy != null && !tooLate) {
            throw ApplicationFailure.newNonRetryableFailure(stoppedBy + " before " + before, "RestoreAborted");
        }
    }

    /** From here on, a stop is too late: the restore finishes. */
    void pastTheLastBoundary() {
        tooLate = true;
    }

    /** Runs the forward steps, detached from the run's cancellation when stops are answered. */
    <T> T forward(Supplier<T> steps) {
        return detached(steps);
    }

    /** Runs the undo, detached from the run's cancellation when stops are answered, so that it runs. */
    <T> T undo(Supplier<T> steps) {
        undoing = true;
        return detached(steps);
    }

    private <T> T detached(Supplier<T> steps) {
        if (!answered) {
            return steps.get();
        }
        Object[] result = new Object[1];
        Workflow.newDetachedCancellationScope(() -> result[0] = steps.get()).run();
        @SuppressWarnings("unchecked")
        T value = (T) result[0];
        return value;
    }
}
