package io.relman.health;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;

/**
 * Whether a replica of a service without a port is up: its image's Docker HEALTHCHECK says healthy, or,
 * without one, it has run {@code minUptime} without restarting; within {@code deadline}.
 */
public record UpCheck(Host host, String container, Duration minUptime, Duration deadline) implements OnHost {}
