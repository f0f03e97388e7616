package io.relman.deploy;

import io.relman.plan.Plan;

/** Deploy {@code version} of {@code plan} to {@code environment}; {@code requestedBy} is user@host. */
public record DeployRequest(Plan plan, String environment, String version, String requestedBy) {}
