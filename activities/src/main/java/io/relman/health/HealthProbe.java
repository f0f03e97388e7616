package io.relman.health;

import java.time.Duration;
import java.util.List;

/** The probe command run in relman's probe sidecar: prints the HTTP status, fails on non-2xx. */
public final class HealthProbe {
    private HealthProbe() {}

    public static List<String> curlArgv(String url, Duration timeout) {
        double seconds = timeout.toMillis() / 1000.0;
        return List.of(
                "curl",
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
