package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;

/** Selects the containers of one service in one environment of a project, by relman's labels. */
public record ReplicaSelector(Host host, String project, String environment, String service) implements OnHost {}
