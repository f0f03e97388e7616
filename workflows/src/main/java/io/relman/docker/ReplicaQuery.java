package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;

/** The containers the plan names as replicas, in the plan's order of services and replicas. */
public record ReplicaQuery(Host host, List<String> containers) implements OnHost {
    public ReplicaQuery {
        containers = List.copyOf(containers);
    }
}
