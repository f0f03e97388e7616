package io.relman.health;

import io.relman.plan.HealthCheck;
import java.util.Optional;

/**
 * {@code healthcheck.monitor}: a replica that passed and then fails N probes in a row is broken. Unlike
 * {@link FailureStreak}, a probe without an answer counts: the replica listened and served, so silence now
 * means it hangs or died, not that it is still starting.
 */
final class MonitorStreak {
    private final int failures;
    private int inARow;

    MonitorStreak(HealthCheck check) {
        this.failures = check.monitorFailures();
    }

    /**
     * One probe's result.
     *
     * @param status the HTTP status curl printed ({@code 000}: no answer; blank: the probe itself did not run)
     * @param answer what it got, in words (the status, or curl's error)
     * @return why the replica is broken, once the streak is long enough
     */
    Optional<String> probed(String status, String answer) {
        if (status == null || status.isBlank()) {
            return Optional.empty(); // the probe did not run (docker exec failed): it says nothing of the replica
        }
        inARow = status.startsWith("2") ? 0 : inARow + 1;
        if (inARow < failures) {
            return Optional.empty();
        }
        return Optional.of(failures + " probes in a row failed (last: " + answer + ")");
    }
}
