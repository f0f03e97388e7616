package io.relman.nginx;

import io.relman.plan.CanaryAnalysis;
import io.relman.plan.Durations;
import java.time.Duration;

/**
 * What nginx's upstream log says of the canaries' requests since the last look: how many, how many answered
 * 5xx, their 95th percentile response time (null without one), and where the next look starts.
 */
public record CanaryTraffic(long nextOffset, int requests, int errors, Long p95Millis) {
    /** The share of the requests that answered 5xx, in percent; 0 without requests. */
    public double errorPercent() {
        return requests == 0 ? 0 : 100.0 * errors / requests;
    }

    /** The analysis's verdict on this traffic: its words, and whether it fails the canary. */
    public record Verdict(boolean fails, String text) {}

    /** Judges this traffic by {@code analysis}'s thresholds; too few requests decide nothing. */
    public Verdict judge(CanaryAnalysis analysis) {
        String seen = requests + " request" + (requests == 1 ? "" : "s") + " to the canaries, " + errors + " 5xx ("
                + String.format(java.util.Locale.ROOT, "%.1f%%", errorPercent()) + ")"
                + (p95Millis == null ? "" : ", p95 " + p95Millis + " ms");
        if (requests < analysis.minRequests()) {
            return new Verdict(false, seen + ": fewer than " + analysis.minRequests() + ", no verdict");
        }
        if (errorPercent() > analysis.maxErrorPercent()) {
            return new Verdict(
                    true, seen + ": above max_error_rate " + CanaryAnalysis.percent(analysis.maxErrorPercent()));
        }
        Duration maxP95 = analysis.maxP95();
        if (maxP95 != null && p95Millis != null && p95Millis > maxP95.toMillis()) {
            return new Verdict(true, seen + ": above max_p95 " + Durations.text(maxP95));
        }
        return new Verdict(false, seen + ": passed");
    }
}
