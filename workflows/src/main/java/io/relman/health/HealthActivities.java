package io.relman.health;

import io.temporal.activity.ActivityInterface;

/** Health probes of replicas. */
@ActivityInterface(namePrefix = "Health")
public interface HealthActivities {

  /**
   * Probes the replica from inside the load balancer's container (so the probe takes the path that
   * traffic will take) until it answers 2xx or the deadline passes; heartbeats every attempt. Fails
   * without retry when the deadline passes or the replica's container has exited.
   */
  HealthReport awaitHealthy(HealthProbeRequest request);
}
