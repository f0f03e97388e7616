package io.relman.health;

import io.relman.plan.HealthCheck;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code healthcheck.failures}: a replica that answers N times in a row with something other than 2xx, once
 * its start period has passed, is broken. A probe without an answer (connection refused, timed out) is not
 * counted: a replica that does not listen yet is still starting, and only the deadline ends that wait.
 */
final class FailureStreak {
    private final HealthCheck check;
    private int inARow;

    FailureStreak(HealthCheck check) {
        this.check = check;
    }

    /**
     * One probe's result.
     *
     * @param status the HTTP status curl printed ({@code 000} or blank: no answer)
     * @param sinceStart how long after the check's start the probe ran
     * @return why the replica is broken, once the streak is long enough
     */
    Optional<String> probed(String status, Duration sinceStart) {
        if (!check.countsFailures() || !answered(status) || sinceStart.compareTo(check.startPeriodOrNone()) < 0) {
            return Optional.empty();
        }
        inARow = status.startsWith("2") ? 0 : inARow + 1;
        if (inARow < check.failures()) {
            return Optional.empty();
        }
        return Optional.of("it answered HTTP " + status + " " + inARow + " times in a row (healthcheck.failures: "
                + check.failures()
                + (check.startPeriod() == null
                        ? ""
                        : ", counted after start_period " + check.startPeriod().toMillis() / 1000.0 + " s")
                + ")");
    }

    private static boolean answered(String status) {
        return status != null && status.matches("[1-5][0-9][0-9]");
    }
}
