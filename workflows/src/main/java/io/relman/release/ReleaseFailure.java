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
 * @param differences how the replicas, compared after the undo, differ from what the pre-flight saw; empty
 *     when they are as they were
 * @param compared whether the replicas were compared with the engine after the undo (not in runs that
 *     failed before the pre-flight saw them, nor in runs from before that comparison)
 */
public record ReleaseFailure(
        String environment,
        String version,
        ReleaseStep step,
        String reason,
        List<Compensation> compensations,
        List<String> differences,
        boolean compared) {
    public ReleaseFailure {
        compensations = List.copyOf(compensations);
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    /**
     * True when every undo step succeeded and, where they were compared with the engine, the replicas are as
     * the pre-flight saw them: the stack is back where it was before the release.
     */
    public boolean fullyUndone() {
        return compensations.stream().noneMatch(c -> c.outcome() == Compensation.Outcome.FAILED)
                && differences.isEmpty();
    }
}
