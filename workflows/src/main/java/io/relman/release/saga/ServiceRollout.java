package io.relman.release.saga;

import io.relman.docker.ReplicaSelector;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import java.util.TreeSet;

/** What every replica of a service is replaced with, and the replicas nginx routes to meanwhile. */
record ServiceRollout(
        Service service,
        String version,
        ReplicaSelector selector,
        TreeSet<String> inUpstream,
        String image,
        String previousVersion,
        UpdateOrder order) {}
