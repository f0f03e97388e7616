package io.relman.cli.plan;

import io.relman.plan.LoadBalancer;
import java.util.Set;

/** Reads an environment's {@code load_balancer}: the nginx in front of the replicas. */
final class LoadBalancerReader {
    static final Set<String> KEYS = Set.of("container", "config_dir", "port", "host");

    private LoadBalancerReader() {}

    static LoadBalancer read(Keys keys) {
        return new LoadBalancer(
                keys.text("container"),
                keys.text("config_dir"),
                keys.has("port") ? keys.number("port", 0) : null,
                keys.text("host"));
    }
}
