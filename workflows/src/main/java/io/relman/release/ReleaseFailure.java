package io.relman.release;

import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensation;
import java.util.List;

/**
 * The details of a failed release run (deploy, migration or rollback), carried by its {@code
 * ReleaseFailed} failure: where it failed and what was undone.
 *
 * @param step the step that failed
 * @param compensations every undo step that ran, in order, with its outcome
 */
public record ReleaseFailure(
        String environment, String version, ReleaseStep step, String reason, List<Compensation> compensations) {
    public ReleaseFailure {
        compensations = List.copyOf(compensations);
    }

    /** True when every undo step succeeded: the stack is back where it was before the release. */
    public boolean fullyUndone() {
        return compensations.stream().noneMatch(c -> c.outcome() == Compensation.Outcome.FAILED);
    }
}
