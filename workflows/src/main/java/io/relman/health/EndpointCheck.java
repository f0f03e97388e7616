package io.relman.health;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;
import java.util.List;

/**
 * The plan's critical endpoints, requested through the load balancer as users reach them: from inside
 * its container, to {@code http://127.0.0.1:port/PATH}.
 *
 * @param deadline each endpoint is tried until it answers 2xx or this has passed
 * @param host the machine whose docker engine this acts on
 */
public record EndpointCheck(
        Host host, String loadBalancer, int port, List<String> paths, Duration timeout, Duration deadline)
        implements OnHost {
    public EndpointCheck {
        paths = List.copyOf(paths);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
