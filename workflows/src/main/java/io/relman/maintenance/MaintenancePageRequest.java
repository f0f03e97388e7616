package io.relman.maintenance;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;
import java.util.Map;

/**
 * The maintenance page of an environment, to be served on its load balancer's host.
 *
 * @param container the page's container, {@link #containerOf}
 * @param loadBalancer the nginx that must reach it (from its network namespace, where relman's probes run)
 * @param network the stack's network, which nginx is on
 * @param page the page's HTML
 * @param retryAfter what Retry-After says
 * @param labels relman's labels: the project and environment it serves
 */
public record MaintenancePageRequest(
        Host host,
        String container,
        String loadBalancer,
        String network,
        String page,
        Duration retryAfter,
        Map<String, String> labels)
        implements OnHost {
    /** The port the page's nginx listens on, in its container. */
    public static final int PORT = 8080;

    public MaintenancePageRequest {
        labels = Map.copyOf(labels);
    }

    /** What every page container's name starts with. */
    public static final String CONTAINER_PREFIX = "relman-maintenance-";

    /** {@code relman-maintenance-shop-prod}: the environment's page's container. */
    public static String containerOf(String project, String environment) {
        return CONTAINER_PREFIX + project + "-" + environment;
    }

    /** {@code relman-maintenance-shop-prod--api}: the container of a page of a service's own. */
    public static String containerOf(String project, String environment, String service) {
        return containerOf(project, environment) + "--" + service;
    }
}
