package io.relman.health;

import io.relman.plan.HealthCheck;

/**
 * @param probeFrom container whose network the probe runs from (the load balancer)
 * @param replica container name of the replica, also its host name on the network
 */
public record HealthProbeRequest(String probeFrom, String replica, int port, HealthCheck check) {
    public String url() {
        return "http://" + replica + ":" + port + check.path();
    }
}
