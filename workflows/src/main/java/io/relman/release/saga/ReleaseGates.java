package io.relman.release.saga;

import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.temporal.FailureType;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What an operator's signals do to a running release: approve opens the plan's gates one by one, pause
 * holds the rollout before its next replica, abort cancels the forward steps so that the undo starts.
 */
final class ReleaseGates {
    private final ProgressLog progress;
    private final Notifier notifier;
    /** Who approved, in order: approval n opens the run's gate n. */
    private final List<String> approvers = new ArrayList<>();

    private int gatesPassed;
    private String pausedBy;
    private String abortedBy;
    /** Whether a canary walks its steps now, whether it is in a pause, and who promoted that pause. */
    private boolean canaryRunning;

    private boolean inCanaryPause;
    private String promotedBy;
    private boolean stepsFinished;
    /** The forward steps; cancelling it (abort, or cancel in the Web UI) stops them and starts the undo. */
    private CancellationScope forward;

    ReleaseGates(ProgressLog progress, Notifier notifier) {
        this.progress = progress;
        this.notifier = notifier;
    }

    /**
     * Opens the gate the run waits at, or else the next one; an approval sent twice before a gate (a
     * retried command, two operators) does not open the gate after it.
     */
    void approve(String by) {
        if (approvers.size() > gatesPassed) {
            progress.reportWhereItIs("approval by " + by + " ignored: " + approvers.get(gatesPassed)
                    + " already approved the next gate");
            return;
        }
        approvers.add(by);
    }

    void pause(String by) {
        pausedBy = by;
        progress.reportWhereItIs("pause requested by " + by + ": the rollout holds before its next replica");
    }

    void resume(String by) {
        if (pausedBy != null) {
            pausedBy = null;
            progress.reportWhereItIs("resumed by " + by);
        }
    }

    /**
     * Ends the canary's pause it is in now. Ignored, and said so, when no canary pause runs or this one was
     * promoted already: a late or repeated promote (a retried command, two operators) never ends a later pause.
     */
    void promote(String by) {
        if (!canaryRunning) {
            progress.reportWhereItIs("promote by " + by + " ignored: no canary is running");
        } else if (!inCanaryPause) {
            progress.reportWhereItIs("promote by " + by + " ignored: the canary is not in a pause now; promote"
                    + " again once relman status says it is paused");
        } else if (promotedBy != null) {
            progress.reportWhereItIs("promote by " + by + " ignored: " + promotedBy + " promoted this pause already");
        } else {
            promotedBy = by;
            progress.reportWhereItIs("promoted by " + by + ": the canary's pause ends");
        }
    }

    /** Marks the canary running (promote answered) or done with its steps. */
    void canaryRunning(boolean running) {
        canaryRunning = running;
    }

    /**
     * Holds a canary's pause, durably: for {@code pause}, or until promoted when null; it ends early when
     * {@code broke}. Every {@code every} (null: never), at its end and when promoted, {@code look} runs (the
     * canary's analysis, which fails the release by throwing). Who promoted it, or null. An abort ends it too, by cancelling the
     * forward steps.
     */
    String holdCanaryPause(Duration pause, BooleanSupplier broke, Duration every, Runnable look) {
        promotedBy = null;
        inCanaryPause = true;
        try {
            long end = pause == null ? Long.MAX_VALUE : Workflow.currentTimeMillis() + pause.toMillis();
            while (promotedBy == null && !broke.getAsBoolean() && Workflow.currentTimeMillis() < end) {
                long left = end - Workflow.currentTimeMillis();
                long wait = every == null ? left : Math.min(left, every.toMillis());
                boolean ended = pause == null && every == null
                        ? awaitForever(broke)
                        : Workflow.await(Duration.ofMillis(wait), () -> promotedBy != null || broke.getAsBoolean());
                // Each interval, the end of a timed pause, and a promote: what came since the last look is judged.
                if (every != null && (!ended || promotedBy != null)) {
                    look.run();
                }
            }
            return promotedBy;
        } finally {
            inCanaryPause = false;
            promotedBy = null;
        }
    }

    /** Until promoted or broken, with no timer: a pause until promoted without analysis. */
    private boolean awaitForever(BooleanSupplier broke) {
        Workflow.await(() -> promotedBy != null || broke.getAsBoolean());
        return true;
    }

    void abort(String by) {
        if (abortedBy != null) {
            return;
        }
        abortedBy = by;
        progress.reportWhereItIs("abort requested by " + by
                + (stepsFinished ? ": too late, every step has run" : ": stopping, then undoing what was done"));
        if (forward != null && !stepsFinished) {
            forward.cancel("aborted by " + by);
        }
    }

    /** Who aborted the run, or null. */
    String abortedBy() {
        return abortedBy;
    }

    /** Runs the forward steps in the scope that an abort cancels. */
    void runForward(Runnable steps) {
        forward = Workflow.newCancellationScope(steps);
        if (abortedBy != null) {
            forward.cancel("aborted by " + abortedBy); // aborted before the first step began
        }
        forward.run();
        stepsFinished = true;
    }

    /**
     * Holds the release at the plan's approval gate, durably, until {@code relman approve} or the gate's
     * timeout; a timeout fails the release, which undoes what it did so far.
     */
    void awaitApproval(Environment environment, ReleaseStep step, String version) {
        if (!environment.approvalBefore(step)) {
            return;
        }
        Duration timeout = environment.approval().timeout();
        String timeoutText = Durations.text(timeout);
        progress.report(
                ReleaseStep.APPROVAL,
                null,
                "waiting for approval before " + step + " of " + version + ": relman approve " + environment.name()
                        + " (times out after " + timeoutText + ")");
        notifier.send("waiting_for_approval");
        int gate = gatesPassed;
        if (!Workflow.await(timeout, () -> approvers.size() > gate)) {
            throw FailureType.APPROVAL_TIMED_OUT.failure(
                    "nobody approved the release within " + timeoutText + "; deploy again to ask again");
        }
        gatesPassed++;
        progress.report(ReleaseStep.APPROVAL, null, "approved by " + approvers.get(gate));
    }

    /**
     * Where a pause holds: before a replica is touched, so the stack is never left half-replaced. It ends
     * early when {@code broke} (a watched replica broke), and the rollout fails then.
     */
    void holdWhilePaused(String service, int index, int done, int total, String next, BooleanSupplier broke) {
        if (pausedBy == null) {
            return;
        }
        progress.report(
                ReleaseStep.ROLLOUT,
                service,
                index,
                done,
                total,
                "paused by " + pausedBy + " before " + next + ": relman resume to go on, relman abort to undo");
        Workflow.await(() -> pausedBy == null || broke.getAsBoolean());
    }
}
