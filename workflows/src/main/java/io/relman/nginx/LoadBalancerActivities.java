package io.relman.nginx;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The nginx load balancer in front of a service's replicas. */
@ActivityInterface(namePrefix = "LoadBalancer")
public interface LoadBalancerActivities {

    /**
     * Writes the upstream with exactly {@code servers}, checks the configuration, reloads nginx and
     * waits until the new configuration serves. Requests in flight finish on the old workers.
     */
    void applyUpstream(UpstreamUpdate update);

    /** The files as they are now, in the query's order (an absent one with no text); reads only. */
    List<UpstreamFile> read(UpstreamFilesQuery query);
}
