package io.relman.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an environment's replicas spread over several hosts, and how a release moves over them. The
 * load balancer reaches a spread replica at its host's address and the port the replica publishes there.
 *
 * @param services service name to where its replicas run; a service not named runs on the environment's host
 * @param hostsAtOnce how many hosts a release works on at a time (1: host by host)
 * @param pauseBetweenHosts the wait after one host's replicas are healthy before the next host starts
 */
public record Spread(Map<String, Placement> services, int hostsAtOnce, Duration pauseBetweenHosts) {
    public static final int DEFAULT_HOSTS_AT_ONCE = 1;
    public static final Duration DEFAULT_PAUSE_BETWEEN_HOSTS = Duration.ZERO;

    public Spread {
        services = services == null ? Map.of() : Map.copyOf(services);
        pauseBetweenHosts = pauseBetweenHosts == null ? DEFAULT_PAUSE_BETWEEN_HOSTS : pauseBetweenHosts;
    }

    /**
     * Where one service's replicas run: replica N on {@code hosts[(N-1) % hosts.size()]}, each publishing
     * {@code publish}, {@code publish + 1}... on its host (one port per replica that host runs).
     *
     * @param publish the first host port the replicas publish their service port on; null for a
     *     service without a port (nothing reaches it)
     */
    public record Placement(List<String> hosts, Integer publish) {
        public Placement {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
        }

        /** The host of replica {@code index} (1-based). */
        public String hostOf(int index) {
            return hosts.get((index - 1) % hosts.size());
        }

        /** The host port replica {@code index} publishes, or null when the service publishes none. */
        public Integer portOf(int index) {
            return publish == null ? null : publish + (index - 1) / hosts.size();
        }
    }
}
