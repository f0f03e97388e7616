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
