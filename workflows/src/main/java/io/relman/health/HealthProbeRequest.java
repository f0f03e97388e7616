package io.relman.health;

import io.relman.plan.HealthCheck;
import io.relman.plan.Host;

/**
 * @param probeFrom container whose network the probe runs from (the load balancer)
 * @param replica container name of the replica, also its host name on the network
 * @param host the machine whose docker engine this acts on
 */
public record HealthProbeRequest(Host host, String probeFrom, String replica, int port, HealthCheck check) {
    public String url() {
        return "http://" + replica + ":" + port + check.path();
    }
}
