package io.relman.health;

/** How a replica became healthy: after how many probes and how long. */
public record HealthReport(String replica, int attempts, long elapsedMillis) {}
