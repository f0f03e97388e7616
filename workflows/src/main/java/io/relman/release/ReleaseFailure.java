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
 * @param differences how the stack, measured after the undo, differs from what the pre-flight saw (the
 *     replicas, nginx's upstream files, the database's schema); empty when it is as it was
 * @param compared whether the replicas were compared with the engine after the undo (not in runs that
 *     failed before the pre-flight saw them, nor in runs from before that comparison, nor when the
 *     comparison itself failed: then {@code differences} says why)
 * @param comparedWith what was measured after the undo, in words ("the engine, nginx's upstream files and
 *     the database's schema"), when that is all the run changed; null otherwise (and in runs from before)
 * @param recordFailed why relman's history has no record of the run, and where to see it instead; null
 *     when it was recorded (a run from before this field ended with the record's own failure instead)
 */
public record ReleaseFailure(
        String environment,
        String version,
        ReleaseStep step,
        String reason,
        List<Compensation> compensations,
        List<String> differences,
        boolean compared,
        String comparedWith,
        String recordFailed) {
    public ReleaseFailure {
        compensations = List.copyOf(compensations);
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    /** A report of a run that was recorded in relman's history. */
    public ReleaseFailure(
            String environment,
            String version,
            ReleaseStep step,
            String reason,
            List<Compensation> compensations,
            List<String> differences,
            boolean compared,
            String comparedWith) {
        this(environment, version, step, reason, compensations, differences, compared, comparedWith, null);
    }

    /** A report of a run that measured no more than the engine's replicas. */
    public ReleaseFailure(
            String environment,
            String version,
            ReleaseStep step,
            String reason,
            List<Compensation> compensations,
            List<String> differences,
            boolean compared) {
        this(environment, version, step, reason, compensations, differences, compared, null);
    }

    /**
     * True when the stack is back where it was before the release. Where all the run changed was measured
     * after the undo ({@link #comparedWith}), that is what decides for the replicas, nginx and the schema:
     * nothing measured differs, whatever an undo step of the rollout or the migration reported; an undo step
     * of another step that failed still counts (what it left, a kept container or a set-aside database, is
     * not measured). Otherwise every undo step succeeded and, where they were compared with the engine, the
     * replicas are as the pre-flight saw them.
     */
    public boolean fullyUndone() {
        if (comparedWith != null) {
            return differences.isEmpty()
                    && compensations.stream()
                            .noneMatch(c -> c.outcome() == Compensation.Outcome.FAILED
                                    && c.step() != ReleaseStep.ROLLOUT
                                    && c.step() != ReleaseStep.MIGRATE);
        }
        return compensations.stream().noneMatch(c -> c.outcome() == Compensation.Outcome.FAILED)
                && differences.isEmpty();
    }
}
