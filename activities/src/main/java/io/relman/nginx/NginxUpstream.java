package io.relman.nginx;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The text of relman's nginx file for one service: the upstream block, and a loopback-only marker that
 * answers the file's generation so relman can tell when a reload has taken effect. Each service's file
 * answers on a server name of its own ({@link #markerHost}), so that several files share the port.
 */
public final class NginxUpstream {
    /** Port of the generation marker, on the load balancer container's own loopback only. */
    public static final int MARKER_PORT = 8099;

    public static final String MARKER_PATH = "/relman/generation";

    /** nginx needs a server in every upstream; this one takes no traffic. */
    static final String NO_REPLICA = NginxUpstreams.NO_REPLICA + " down";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_.:-]+");

    private NginxUpstream() {}

    public static String render(String upstream, List<String> servers, String generation) {
        return render(upstream, servers, Map.of(), generation);
    }

    /** The file with {@code weights} for the servers that do not get nginx's default weight of 1. */
    public static String render(
            String upstream, List<String> servers, Map<String, Integer> weights, String generation) {
        requireSafe("upstream name", upstream);
        requireSafe("generation", generation);
        StringBuilder text = new StringBuilder()
                .append("# Written by relman; rewritten at every rollout step. Generation ")
                .append(generation)
                .append(".\n")
                .append("upstream ")
                .append(upstream)
                .append(" {\n");
        if (servers.isEmpty()) {
            text.append("    server ").append(NO_REPLICA).append(";\n");
        }
        for (String server : servers) {
            requireSafe("server", server);
            // Never marked down: with max_fails, a moment in which every replica failed once (a loaded host
            // slow to accept) had nginx answer 502 to every request for fail_timeout, about 4,000 in CI. A
            // request that fails on one replica is still tried on the next (proxy_next_upstream).
            int weight = weights.getOrDefault(server, 1);
            if (weight < 1) {
                throw new IllegalArgumentException("weight " + weight + " of " + server + " is not 1 or more");
            }
            text.append("    server ")
                    .append(server)
                    .append(weight == 1 ? "" : " weight=" + weight)
                    .append(" max_fails=0;\n");
        }
        return text.append("}\n")
                .append("server {\n")
                .append("    listen 127.0.0.1:")
                .append(MARKER_PORT)
                .append(";\n")
                .append("    server_name ")
                .append(markerHost(upstream))
                .append(";\n")
                .append("    location = ")
                .append(MARKER_PATH)
                .append(" { return 200 \"")
                .append(generation)
                .append("\\n\"; }\n")
                .append("}\n")
                .toString();
    }

    /** The server name the marker of {@code upstream}'s file answers on: {@code api.generation.relman}. */
    public static String markerHost(String upstream) {
        return upstream + ".generation.relman";
    }

    private static void requireSafe(String what, String value) {
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' may only hold letters, digits and _ . : -");
        }
    }
}
