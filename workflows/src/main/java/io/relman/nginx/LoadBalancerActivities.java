package io.relman.nginx;

import io.temporal.activity.ActivityInterface;
import java.util.List;

/** The nginx load balancer in front of a service's replicas. */
@ActivityInterface(namePrefix = "LoadBalancer")
public interface LoadBalancerActivities {

    /**
     * Writes the upstream with exactly {@code servers}, checks the configuration, reloads nginx and
     * waits until the new configuration serves. Requests in flight finish on the old workers. A file
     * nginx refuses does not stay: the one before is put back, or the new one removed if there was none.
     */
    void applyUpstream(UpstreamUpdate update);

    /**
     * Reads nginx's configuration ({@code nginx -T}) and refuses, changing nothing, when it does not pass
     * its test as it is, or when a file other than relman's defines one of the upstreams relman would write.
     */
    void requireOwnUpstreams(UpstreamOwnership check);

    /** The files as they are now, in the query's order (an absent one with no text); reads only. */
    List<UpstreamFile> read(UpstreamFilesQuery query);
}
