package io.relman.nginx;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;

/**
 * The upstream {@code upstream} in {@code configFile} of nginx container {@code container} should
 * list {@code servers} ({@code host:port}). {@code generation} tells this configuration apart from
 * every other one, so that relman can see when nginx serves it.
 */
public record UpstreamUpdate(
        Host host, String container, String configFile, String upstream, List<String> servers, String generation)
        implements OnHost {
    public UpstreamUpdate {
        servers = List.copyOf(servers);
    }
}
