package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;

/**
 * How relman decides that a new replica is ready for traffic: {@code GET path} answers 2xx within
 * {@code timeout}, tried every {@code interval} until {@code deadline} has passed. A replica is broken
 * sooner when its container exits or restarts, and, with {@code failures}, when it answers that many times
 * in a row with something other than 2xx once {@code startPeriod} has passed. With {@code monitor}, a replica
 * that passed is watched that much longer while the rollout goes on, and one that breaks fails the release.
 *
 * @param failures answers in a row that call the replica broken; null: off (only the deadline decides)
 * @param startPeriod answers before it do not count against {@code failures}; null: none
 * @param monitor how long a replica that passed is watched; null: not watched
 *     <p>The three are left out of the payload when null, so that a worker from before them reads the check.
 */
public record HealthCheck(
        String path,
        Duration interval,
        Duration timeout,
        Duration deadline,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer failures,
        @JsonInclude(JsonInclude.Include.NON_NULL) Duration startPeriod,
        @JsonInclude(JsonInclude.Include.NON_NULL) Duration monitor) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
    /** Probes in a row that are not 2xx which call a watched replica broken, when {@code failures} is not given. */
    public static final int DEFAULT_MONITOR_FAILURES = 3;

    /** A check that only the deadline decides, as before {@code failures} (and in recorded runs). */
    public HealthCheck(String path, Duration interval, Duration timeout, Duration deadline) {
        this(path, interval, timeout, deadline, null, null, null);
    }

    /** A check that is not watched after it passed, as before {@code monitor}. */
    public HealthCheck(
            String path,
            Duration interval,
            Duration timeout,
            Duration deadline,
            Integer failures,
            Duration startPeriod) {
        this(path, interval, timeout, deadline, failures, startPeriod, null);
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

    /** Whether a replica that passed is watched for a while ({@code monitor}). */
    public boolean monitors() {
        return monitor != null && Problems.isPositive(monitor);
    }

    /** Probes in a row that are not 2xx which call a watched replica broken. */
    public int monitorFailures() {
        return failures == null || failures < 1 ? DEFAULT_MONITOR_FAILURES : failures;
    }
}
