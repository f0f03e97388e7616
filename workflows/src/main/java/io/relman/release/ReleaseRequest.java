package io.relman.release;

import io.relman.plan.Plan;

/**
 * Release {@code version} of {@code plan} to {@code environment} (deploy it, migrate for it, or roll back
 * to it); {@code requestedBy} is user@host.
 */
public record ReleaseRequest(Plan plan, String environment, String version, String requestedBy) {}
