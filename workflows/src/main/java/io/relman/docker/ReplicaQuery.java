package io.relman.docker;

import java.util.List;

/** The containers the plan names as replicas, in the plan's order of services and replicas. */
public record ReplicaQuery(List<String> containers) {
    public ReplicaQuery {
        containers = List.copyOf(containers);
    }
}
