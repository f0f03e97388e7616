package io.relman.health;

import io.relman.plan.HealthCheck;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/**
 * @param probeFrom container whose network the probe runs from (the load balancer)
 * @param replica container name of the replica, also its host name on the network
 * @param host the machine whose engine runs the load balancer, where the probe runs
 * @param replicaHost the machine whose engine runs the replica; null: {@code host}
 * @param server where the probe reaches the replica ({@code NAME:PORT}, or {@code ADDRESS:PORT} on another
 *     host); null: {@code replica:port}
 */
public record HealthProbeRequest(
        Host host, String probeFrom, String replica, int port, HealthCheck check, Host replicaHost, String server)
        implements OnHost {
    /** A probe of a replica on the load balancer's host, by its name on the stack's network. */
    public HealthProbeRequest(Host host, String probeFrom, String replica, int port, HealthCheck check) {
        this(host, probeFrom, replica, port, check, null, null);
    }

    public String url() {
        return "http://" + (server == null ? replica + ":" + port : server) + check.path();
    }

    /** The machine whose engine runs the replica. */
    public Host engineOfReplica() {
        return replicaHost == null ? host : replicaHost;
    }
}
