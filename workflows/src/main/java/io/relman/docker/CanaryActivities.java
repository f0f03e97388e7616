package io.relman.docker;

import io.relman.plan.Host;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;

/** The canaries of a release: containers of the new version beside a service's replicas, for a while. */
@ActivityInterface(namePrefix = "Canary")
public interface CanaryActivities {
    /**
     * Creates and starts the canary, made like the running replica it names: that replica's configuration
     * (networks, volumes, env, command) with the new image and env, but no published port, no network alias
     * and none of compose's or relman's replica labels, so that only nginx's weighted upstream sends it
     * requests. A retry finds the canary its step made; a canary an earlier release left is removed first.
     */
    ReplicaContainer start(CanaryRequest request);

    /** Stops the canary (its grace period to finish its requests) and removes it; what it did, in words. */
    String remove(Host host, String container, Duration gracePeriod);
}
