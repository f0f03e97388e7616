package io.relman.health;

import io.temporal.activity.ActivityInterface;

/** Health probes of replicas, and of the service's endpoints through the load balancer. */
@ActivityInterface(namePrefix = "Health")
public interface HealthActivities {

    /**
     * Probes the replica from inside the load balancer's container (so the probe takes the path that
     * traffic will take) until it answers 2xx or the deadline passes; heartbeats every attempt. Fails
     * without retry when the deadline passes or the replica's container has exited.
     */
    HealthReport awaitHealthy(HealthProbeRequest request);

    /**
     * Watches a replica that passed its check for {@code healthcheck.monitor}; heartbeats every probe and ends
     * when the time is up. Fails without retry as soon as its container exits or restarts, or it fails
     * {@link io.relman.plan.HealthCheck#monitorFailures()} probes in a row (no answer counts too: it served).
     */
    HealthReport watchHealthy(HealthProbeRequest request);

    /**
     * Waits until a replica of a service without a port is up ({@link UpCheck}); heartbeats every second.
     * Fails without retry when its container exits, restarts or turns unhealthy, or the deadline passes.
     */
    HealthReport awaitUp(UpCheck check);

    /** One probe, now: a running replica must answer 2xx (a pre-flight check); fails without retry otherwise. */
    HealthReport checkNow(HealthProbeRequest request);

    /**
     * Requests every endpoint through the load balancer until each answers 2xx; fails without retry
     * (type {@code ValidationFailed}) naming the first that does not before the deadline.
     */
    HealthReport validateEndpoints(EndpointCheck request);
}
