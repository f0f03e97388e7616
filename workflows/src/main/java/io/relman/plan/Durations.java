package io.relman.plan;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a plan writes them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}. */
public final class Durations {
    /** What a plan is told when a duration cannot be read, or is not positive. */
    public static final String PROBLEM = "must be a positive duration such as 500ms, 10s, 2m or 1h";

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() {}

    /** PT24H becomes 24h, PT1H30M 1h30m, PT0.5S 0.5s. */
    public static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase();
    }

    /** The duration {@code text} names, or empty when it is not one. */
    public static Optional<Duration> parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long amount;
        try {
            amount = Long.parseLong(m.group(1));
        } catch (NumberFormatException tooLong) {
            return Optional.empty();
        }
        return Optional.of(
                switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                });
    }
}
