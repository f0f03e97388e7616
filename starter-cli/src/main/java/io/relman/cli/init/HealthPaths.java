package io.relman.cli.init;

import io.relman.stack.HealthPathSearch;
import java.util.List;

/**
 * Where relman init asks a running replica which health path it answers: through a worker, from the
 * network namespace of the stack's nginx. An interface so that the plan is written the same without one.
 */
@FunctionalInterface
public interface HealthPaths {
    /** The paths apps usually answer on when they are ready, in the order tried; {@code /} last. */
    List<String> USUAL =
            List.of("/health", "/healthz", "/healthcheck", "/ready", "/readiness", "/livez", "/status", "/ping", "/");

    /**
     * GETs {@code paths} in order on {@code replica}:{@code port} from {@code loadBalancer}'s network, up to
     * the first that answers 2xx.
     *
     * @return what each path tried answered, in order
     */
    List<HealthPathSearch.Answer> probe(String loadBalancer, String replica, int port, List<String> paths);
}
