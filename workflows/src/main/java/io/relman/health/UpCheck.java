package io.relman.health;

import java.time.Duration;

/**
 * Whether a replica of a service without a port is up: its image's Docker HEALTHCHECK says healthy, or,
 * without one, it has run {@code minUptime} without restarting; within {@code deadline}.
 */
public record UpCheck(String container, Duration minUptime, Duration deadline) {}
