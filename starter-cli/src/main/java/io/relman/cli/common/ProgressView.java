package io.relman.cli.common;

import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseProgress;
import io.relman.saga.Compensation;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Follows a release: prints each new event with its time since the release started, then the outcome. */
public final class ProgressView {
    private static final long POLL_MILLIS = 500;
    /** A run that just started reports its first step within milliseconds: the first polls come sooner. */
    private static final long FIRST_POLL_MILLIS = 50;

    private final PrintStream out;
    private int printed;
    private boolean toldNoWorker;

    public ProgressView(PrintStream out) {
        this.out = out;
    }

    /**
     * Follows {@code run} until it ends. A run that failed exits {@link ExitCode#FAILED}; a watch that lost
     * Temporal exits {@link ExitCode#UNREACHABLE} and says how to look again ({@code reattach}): the run
     * itself goes on.
     */
    public <R> int watch(WorkflowStub run, Class<R> resultType, String reattach, Consumer<R> onSuccess) {
        return watchUntil(run, resultType, reattach, progress -> false, onSuccess);
    }

    /**
     * The same, but it also stops, with 0, once the run's progress is {@code farEnough} (a maintenance page that
     * is up stays up after the command).
     */
    public <R> int watchUntil(
            WorkflowStub run,
            Class<R> resultType,
            String reattach,
            Predicate<ReleaseProgress> farEnough,
            Consumer<R> onSuccess) {
        CompletableFuture<R> result = run.getResultAsync(resultType);
        long poll = FIRST_POLL_MILLIS;
        while (true) {
            try {
                R value = result.get(poll, TimeUnit.MILLISECONDS);
                show(run);
                onSuccess.accept(value);
                return 0;
            } catch (TimeoutException stillRunning) {
                ReleaseProgress progress = show(run);
                if (progress != null && farEnough.test(progress)) {
                    return 0;
                }
                poll = Math.min(POLL_MILLIS, poll * 2);
            } catch (ExecutionException e) {
                // Any end of the run itself comes as WorkflowFailedException; anything else is the way to it.
                if (!(e.getCause() instanceof WorkflowFailedException)) {
                    System.err.println("relman: lost the connection to Temporal while watching ("
                            + ProgressView.failureMessage(e.getCause()) + "). The run goes on without this"
                            + " command; follow it again with: " + reattach);
                    return ExitCode.UNREACHABLE;
                }
                show(run);
                System.err.println("relman: " + failureMessage(e.getCause()));
                failureDetails(e.getCause()).ifPresent(this::showUndone);
                return ExitCode.FAILED;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCode.FAILED;
            }
        }
    }

    /** Prints the events the run reported since the last call, and returns its progress (null: no worker). */
    public ReleaseProgress show(WorkflowStub run) {
        ReleaseProgress progress;
        try {
            progress = run.query("progress", ReleaseProgress.class);
        } catch (RuntimeException noWorker) {
            if (!toldNoWorker) {
                out.println("(no worker answers right now; the release waits for one and resumes where it was)");
                toldNoWorker = true;
            }
            return null;
        }
        toldNoWorker = false;
        print(progress);
        return progress;
    }

    /** Prints the events of {@code progress} not printed yet. */
    public void print(ReleaseProgress progress) {
        for (; printed < progress.events().size(); printed++) {
            ReleaseEvent event = progress.events().get(printed);
            out.println(String.format(
                    "[%6s] %-8s %3d%%  %s", seconds(event.atMillis()), event.step(), event.percent(), event.message()));
        }
    }

    /**
     * The summary a release manager needs after a failure: what was undone, and what was not; and, when the
     * run could not be recorded, that {@code relman history} will not list it.
     */
    public void showUndone(ReleaseFailure failure) {
        showSteps(failure);
        if (failure.recordFailed() != null) {
            out.println("NOT recorded: " + failure.recordFailed() + ".");
        }
    }

    private void showSteps(ReleaseFailure failure) {
        if (failure.compensations().isEmpty() && failure.differences().isEmpty()) {
            out.println("Nothing had been changed, so nothing was undone.");
            return;
        }
        out.println("Undo steps, in the order they ran:");
        failure.compensations().forEach(compensation -> out.println("  " + compensation.line()));
        if (!failure.differences().isEmpty()) {
            out.println(
                    failure.comparedWith() != null
                            ? "Compared with " + failure.comparedWith() + ", the stack is NOT as it was before "
                                    + failure.version() + ":"
                            : failure.compared()
                                    ? "Compared with the engine, the replicas are NOT as they were before "
                                            + failure.version() + ":"
                                    : "The stack could NOT be compared with how it was before " + failure.version()
                                            + ":");
            failure.differences().forEach(difference -> out.println("  " + difference));
        }
        boolean unchecked = !failure.compared()
                && !failure.differences().isEmpty()
                && failure.compensations().stream().noneMatch(c -> c.outcome() == Compensation.Outcome.FAILED);
        if (unchecked) {
            out.println("The undo could NOT be checked (see above): check the stack before the next release.");
        } else if (!failure.fullyUndone()) {
            out.println("Some changes could NOT be undone (see above): check the stack before the next release.");
        } else if (failure.comparedWith() != null) {
            out.println("Every change was undone: compared with " + failure.comparedWith() + ", the stack is as it"
                    + " was before " + failure.version() + ".");
        } else if (failure.compared()) {
            out.println("Every change was undone: compared with the engine, every replica is as it was before "
                    + failure.version() + ".");
        } else {
            out.println("Every undo step succeeded (this run did not compare the replicas with the engine).");
        }
    }

    /** The report a failed deploy carries in its failure details, when it has one. */
    public static Optional<ReleaseFailure> failureDetails(Throwable failure) {
        Throwable cause = failure instanceof WorkflowFailedException ? failure.getCause() : failure;
        if (cause instanceof ApplicationFailure app && app.getDetails().getSize() > 0) {
            return Optional.of(app.getDetails().get(ReleaseFailure.class));
        }
        return Optional.empty();
    }

    public static String seconds(long millis) {
        return String.format("%.1fs", millis / 1000.0);
    }

    /** The workflow's own explanation when it gave one, else the innermost cause. */
    public static String failureMessage(Throwable failure) {
        Throwable cause = failure instanceof WorkflowFailedException ? failure.getCause() : failure;
        if (cause instanceof ApplicationFailure app) {
            return app.getOriginalMessage();
        }
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
