package io.relman.nginx;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;
import java.util.Map;

/**
 * The upstream {@code upstream} in {@code configFile} of nginx container {@code container} should
 * list {@code servers} ({@code host:port}). {@code generation} tells this configuration apart from
 * every other one, so that relman can see when nginx serves it.
 *
 * @param weights the nginx {@code weight} of a server that does not get the default 1 (a canary's share);
 *     left out of the payload when empty, so that a worker from before it reads the update
 */
public record UpstreamUpdate(
        Host host,
        String container,
        String configFile,
        String upstream,
        List<String> servers,
        String generation,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> weights)
        implements OnHost {
    public UpstreamUpdate {
        servers = List.copyOf(servers);
        weights = weights == null ? Map.of() : Map.copyOf(weights);
    }

    /** Every server with the same weight, as every upstream had before canaries. */
    public UpstreamUpdate(
            Host host, String container, String configFile, String upstream, List<String> servers, String generation) {
        this(host, container, configFile, upstream, servers, generation, Map.of());
    }
}
