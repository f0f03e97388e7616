package io.relman.plan;

import java.time.Duration;

/**
 * How relman decides that a new replica is ready for traffic: {@code GET path} answers 2xx within
 * {@code timeout}, tried every {@code interval} until {@code deadline} has passed.
 */
public record HealthCheck(String path, Duration interval, Duration timeout, Duration deadline) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
}
