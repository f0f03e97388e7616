package io.relman.plan;

import java.time.Duration;
import java.util.List;

/**
 * An environment's {@code maintenance}: the page nginx answers with (503, {@code Retry-After}) instead of the
 * services while the release steps {@code during} run, and while a restore holds the traffic.
 *
 * @param page the page's HTML (read from the plan's file, or its short text)
 * @param during the release steps the page covers, as the plan names them: the page goes up before the first of
 *     them in the run's order and down after the last; null when the plan names none: {@link #steps} then covers
 *     the migration, if the environment has that step
 * @param retryAfter what {@code Retry-After} tells clients
 */
public record Maintenance(String page, List<String> during, Duration retryAfter) {
    public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);
    public static final List<String> DEFAULT_DURING = List.of(ReleaseStep.MIGRATE.planName());
    /** The steps that leave the upstreams alone, so that the page can hold them. */
    public static final List<ReleaseStep> MAY_COVER =
            List.of(ReleaseStep.BACKUP, ReleaseStep.BUILD, ReleaseStep.MIGRATE);
    /** A page is a page, not a site: nginx keeps it in an environment variable of relman's container. */
    public static final int MAX_PAGE_BYTES = 64 * 1024;

    public Maintenance {
        during = during == null ? null : List.copyOf(during);
        retryAfter = retryAfter == null ? DEFAULT_RETRY_AFTER : retryAfter;
    }

    /** A page of {@code text} alone, as a plan's {@code text:} gives it. */
    public static String pageOf(String text) {
        String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Maintenance</title></head>\n<body><p>"
                + escaped + "</p></body></html>\n";
    }

    /** The page's size in UTF-8, as the container's environment holds it (counted here: workflow code has no I/O). */
    public static long bytesOf(String page) {
        return page.codePoints()
                .mapToLong(c -> c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4)
                .sum();
    }

    /** The steps the page covers, as the plan names them, or the default. */
    public List<String> steps() {
        return during == null ? DEFAULT_DURING : during;
    }

    /** Whether the page covers {@code step}. */
    public boolean covers(ReleaseStep step) {
        return steps().contains(step.planName());
    }
}
