package io.relman.release;

import java.util.List;
import java.util.Optional;

/**
 * When a release's record also records the environment's baseline (what ran before relman's first release
 * there), and what that record holds. Pure: the activity reads the other records and writes both rows in one
 * transaction.
 */
final class Baselines {
    /** Appended to the first release's run id: the baseline's row is keyed by the run that saw it. */
    static final String RUN_ID_SUFFIX = "-baseline";

    private Baselines() {}

    /** One other record of the environment, as far as the decision needs it. */
    record Recorded(ReleaseKind kind, ReleaseOutcome outcome) {}

    /**
     * The baseline to record with {@code release}: the one its pre-flight saw, when it is a succeeded deploy
     * and the environment has no baseline yet and no deploy or rollback that succeeded ({@code others}: the
     * environment's other records). Empty otherwise: relman released the stack before, so what ran before
     * this release is not what ran before relman.
     */
    static Optional<ReleaseRecord> toRecordWith(ReleaseRecord release, List<Recorded> others) {
        if (release.adopted() == null
                || release.kind() != ReleaseKind.DEPLOY
                || release.outcome() != ReleaseOutcome.SUCCEEDED) {
            return Optional.empty();
        }
        boolean releasedBefore = others.stream()
                .anyMatch(other -> other.kind() == ReleaseKind.BASELINE
                        || (other.outcome() == ReleaseOutcome.SUCCEEDED
                                && (other.kind() == ReleaseKind.DEPLOY || other.kind() == ReleaseKind.ROLLBACK)));
        if (releasedBefore) {
            return Optional.empty();
        }
        // Just before the release in time, so that newest-first lists put it right after that release.
        long seenAt = release.startedAtMillis() - 1;
        return Optional.of(new ReleaseRecord(
                release.workflowId(),
                release.runId() + RUN_ID_SUFFIX,
                release.project(),
                release.environment(),
                release.adopted().releaseVersion(),
                release.requestedBy(),
                seenAt,
                seenAt,
                ReleaseOutcome.SUCCEEDED,
                release.adopted().images(),
                null,
                List.of(),
                release.backup(),
                ReleaseKind.BASELINE,
                release.adopted()));
    }
}
