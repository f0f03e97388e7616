package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * How relman decides that a new replica is ready for traffic: {@code GET path} answers 2xx within
 * {@code timeout}, tried every {@code interval} until {@code deadline} has passed. A replica is broken
 * sooner when its container exits or restarts, and, with {@code failures}, when it answers that many times
 * in a row with something other than 2xx once {@code startPeriod} has passed.
 *
 * @param failures answers in a row that call the replica broken; null: off (only the deadline decides)
 * @param startPeriod answers before it do not count against {@code failures}; null: none
 *     <p>Both are left out of the payload when null, so that a worker from before them reads the check.
 */
public record HealthCheck(
        String path,
        Duration interval,
        Duration timeout,
        Duration deadline,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer failures,
        @JsonInclude(JsonInclude.Include.NON_NULL) Duration startPeriod) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);

    /** A check that only the deadline decides, as before {@code failures} (and in recorded runs). */
    public HealthCheck(String path, Duration interval, Duration timeout, Duration deadline) {
        this(path, interval, timeout, deadline, null, null);
    }

    /** The same check with only the deadline deciding: for replicas that served before. */
    public HealthCheck deadlineOnly() {
        return new HealthCheck(path, interval, timeout, deadline);
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
