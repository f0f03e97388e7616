package io.relman.release;

import io.relman.plan.Plan;

/** Deploy {@code version} of {@code plan} to {@code environment}; {@code requestedBy} is user@host. */
public record ReleaseRequest(Plan plan, String environment, String version, String requestedBy) {}
