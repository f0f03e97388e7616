package io.relman.deploy;

import io.relman.saga.Compensation;
import java.util.List;

/**
 * The details of a failed deploy, carried by its {@code DeployFailed} failure: where it failed and
 * what was undone.
 *
 * @param step the step that failed
 * @param compensations every undo step that ran, in order, with its outcome
 */
public record DeployFailure(
        String environment, String version, String step, String reason, List<Compensation> compensations) {
    public DeployFailure {
        compensations = List.copyOf(compensations);
    }

    /** True when every undo step succeeded: the stack is back where it was before the release. */
    public boolean fullyUndone() {
        return compensations.stream().noneMatch(c -> c.outcome().equals(Compensation.FAILED));
    }
}
