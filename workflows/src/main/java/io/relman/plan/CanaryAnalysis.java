package io.relman.plan;

import java.time.Duration;

/**
 * What decides, during a canary's pauses, that it is broken: every {@code interval}, the requests nginx sent
 * the canaries since the last look, read from nginx's upstream log ({@code log}, in the load balancer's
 * container, lines written by the {@code relman_upstream} log format: canary.md). With at least
 * {@code minRequests} of them, more than {@code maxErrorPercent} answered 5xx, or (when given) a 95th
 * percentile response time over {@code maxP95}, fails the release, which undoes the canary.
 */
public record CanaryAnalysis(Duration interval, double maxErrorPercent, Duration maxP95, int minRequests, String log) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final double DEFAULT_MAX_ERROR_PERCENT = 1.0;
    public static final int DEFAULT_MIN_REQUESTS = 20;
    public static final String DEFAULT_LOG = "/var/log/nginx/relman-upstream.log";
    /** The shortest interval: each look is an activity and a timer in the release's history. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    /**
     * The most looks in one pause: about 11 history events each, so a release stays far below Temporal's
     * 51,200 (a pause until promoted fails after them, and is undone, rather than the run being terminated).
     */
    public static final int MAX_LOOKS = 2000;

    public CanaryAnalysis {
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        log = log == null ? DEFAULT_LOG : log;
    }

    /** The thresholds, as the progress and a failure write them. */
    public String describe() {
        return "5xx at most " + percent(maxErrorPercent)
                + (maxP95 == null ? "" : ", p95 at most " + Durations.text(maxP95))
                + ", from " + minRequests + " requests";
    }

    /** {@code 1%}, {@code 0.5%}. */
    public static String percent(double value) {
        return (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value)) + "%";
    }
}
