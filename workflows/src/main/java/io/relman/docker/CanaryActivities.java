package io.relman.docker;

import io.relman.nginx.CanaryTraffic;
import io.relman.nginx.CanaryTrafficQuery;
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

    /**
     * The canaries' requests in nginx's upstream log since {@code query.fromOffset()}: counted, 5xx and
     * latency, with the offset of the next look. Refused, with the fix, when nginx writes no such log.
     */
    CanaryTraffic traffic(CanaryTrafficQuery query);

    /** Stops the canary (its grace period to finish its requests) and removes it; what it did, in words. */
    String remove(Host host, String container, Duration gracePeriod);
}
