package io.relman.plan;

import java.time.Duration;

/** Durations as a plan writes them. */
public final class Durations {
    private Durations() {}

    /** PT24H becomes 24h, PT1H30M 1h30m, PT0.5S 0.5s. */
    public static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }
}
