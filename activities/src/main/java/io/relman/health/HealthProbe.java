package io.relman.health;

import java.time.Duration;
import java.util.List;

/** The probe command run in relman's probe sidecar: prints the HTTP status, fails on non-2xx. */
public final class HealthProbe {
    private HealthProbe() {}

    /**
     * {@code --globoff}: a health path is the app's, and {@code /health?ids=[1,2]} or {@code /{tenant}/up}
     * must reach it as written, not be expanded by curl's URL globbing into other requests or an error.
     */
    public static List<String> curlArgv(String url, Duration timeout) {
        double seconds = timeout.toMillis() / 1000.0;
        return List.of(
                "curl",
                "--globoff",
                "--silent",
                "--show-error",
                "--fail",
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code}",
                "--max-time",
                Double.toString(seconds),
                url);
    }
}
