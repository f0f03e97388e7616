package io.relman.saga;

import io.relman.plan.ReleaseStep;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The undo steps of a saga, registered before the step they undo and run in reverse. Unlike the SDK's
 * {@code io.temporal.workflow.Saga}, it reports each undo's outcome, which the release manager needs.
 *
 * <p>Every undo runs even when an earlier one failed (they are independent, e.g. one per replica),
 * except those registered with {@link #addIfOthersSucceed}: a down-migration must not run under
 * replicas that could not be put back on the old version. An undo with nothing to do throws {@link
 * Skip}.
 */
public final class Compensations {
    /** A line of a stack trace rather than of the error it traces. */
    private static final Pattern TRACE_LINE =
            Pattern.compile("^(at [\\w$.<>/]+\\(|#\\d+ (\\{main\\}|.*\\(\\d+\\): )|\\.\\.\\. \\d+ more|Stack trace:"
                    + "|thrown in .* on line \\d+|Traceback |File \")");

    private record Undo(ReleaseStep step, String action, boolean onlyIfOthersSucceeded, Supplier<String> run) {}

    private final Deque<Undo> registered = new ArrayDeque<>();
    private final List<Compensation> ran = new ArrayList<>();

    /** Registers an undo; {@code run} returns what it did, in words. */
    public void add(ReleaseStep step, String action, Supplier<String> run) {
        registered.push(new Undo(step, action, false, run));
    }

    /** Registers an undo that is skipped when an undo that runs before it failed. */
    public void addIfOthersSucceed(ReleaseStep step, String action, Supplier<String> run) {
        registered.push(new Undo(step, action, true, run));
    }

    /** How many undo steps are registered and have not run. */
    public int pending() {
        return registered.size();
    }

    /** Runs every registered undo, newest first, telling {@code starting} its action before it
     * runs and {@code finished} its outcome after. */
    public List<Compensation> runInReverse(Consumer<String> starting, Consumer<Compensation> finished) {
        while (!registered.isEmpty()) {
            Undo undo = registered.pop();
            Compensation outcome;
            if (undo.onlyIfOthersSucceeded()
                    && ran.stream().anyMatch(c -> c.outcome().equals(Compensation.Outcome.FAILED))) {
                outcome = new Compensation(
                        undo.step(), undo.action(), Compensation.Outcome.SKIPPED, "an earlier undo step failed");
            } else {
                starting.accept(undo.action());
                outcome = run(undo);
            }
            ran.add(outcome);
            finished.accept(outcome);
        }
        return List.copyOf(ran);
    }

    /** What ran so far, oldest first. */
    public List<Compensation> ran() {
        return List.copyOf(ran);
    }

    private static Compensation run(Undo undo) {
        try {
            return new Compensation(
                    undo.step(),
                    undo.action(),
                    Compensation.Outcome.DONE,
                    undo.run().get());
        } catch (Skip skip) {
            return new Compensation(undo.step(), undo.action(), Compensation.Outcome.SKIPPED, skip.getMessage());
        } catch (TemporalFailure failure) {
            return new Compensation(undo.step(), undo.action(), Compensation.Outcome.FAILED, rootMessage(failure));
        }
    }

    /** The message of the innermost failure: what actually went wrong, without Temporal's wrapping. */
    public static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null
                && (cause instanceof ActivityFailure || cause.getCause() instanceof TemporalFailure)) {
            cause = cause.getCause();
        }
        return cause instanceof ApplicationFailure app ? app.getOriginalMessage() : cause.getMessage();
    }

    /**
     * The innermost failure's first line and, when it has more, its last one: what failed and, for a
     * command's output, the error it ended with. Output that ends in a stack trace (PHP's "thrown in FILE on line
     * N", Java's "at ...", "#1 {main}") gives the error line above the trace instead of the trace's last frame.
     */
    public static String shortMessage(Throwable failure) {
        List<String> lines = rootMessage(failure)
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            return failure.getClass().getSimpleName();
        }
        int last = lines.size() - 1;
        while (last > 0 && TRACE_LINE.matcher(lines.get(last)).find()) {
            last--;
        }
        return last == 0 ? lines.get(0) : lines.get(0) + " " + lines.get(last);
    }

    /** Thrown by an undo that has nothing it can do; reported as skipped, not failed. */
    public static final class Skip extends RuntimeException {
        public Skip(String why) {
            super(why, null, false, false);
        }
    }
}
