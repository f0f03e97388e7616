package io.relman.plan;

import java.time.Duration;

/**
 * How relman decides that a new replica is ready for traffic: {@code GET path} answers 2xx within
 * {@code timeout}, tried every {@code interval} until {@code deadline} has passed. A replica is broken
 * sooner when its container exits or restarts, and, with {@code failures}, when it answers that many times
 * in a row with something other than 2xx once {@code startPeriod} has passed.
 *
 * @param failures answers in a row that call the replica broken; null: off (only the deadline decides)
 * @param startPeriod answers before it do not count against {@code failures}; null: none
 */
public record HealthCheck(
        String path, Duration interval, Duration timeout, Duration deadline, Integer failures, Duration startPeriod) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    /** A check that only the deadline decides, as before {@code failures} (and in recorded runs). */
    public HealthCheck(String path, Duration interval, Duration timeout, Duration deadline) {
        this(path, interval, timeout, deadline, null, null);
    }

    /** Whether answers can call a replica broken before the deadline. */
    public boolean countsFailures() {
        return failures != null && failures > 0;
    }

    /** The start period, none when not given. */
    public Duration startPeriodOrNone() {
        return startPeriod == null ? Duration.ZERO : startPeriod;
    }
}
