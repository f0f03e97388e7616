package io.relman.plan;

import java.util.List;

/** The rules of an environment's {@code load_balancer}: the nginx in front of the replicas, and its host. */
final class LoadBalancerRules {
    private LoadBalancerRules() {}

    static void check(Problems problems, Plan plan, String path, Environment environment) {
        List<String> serving = plan.services().stream()
                .filter(Service::servesTraffic)
                .map(Service::name)
                .toList();
        if (!serving.isEmpty()) {
            loadBalancer(problems, path + "/load_balancer", environment.loadBalancer(), serving);
        }
        if (environment.loadBalancer() != null && environment.loadBalancer().host() != null) {
            host(problems, path + "/load_balancer/host", plan, environment);
        }
    }

    private static void loadBalancer(Problems problems, String path, LoadBalancer loadBalancer, List<String> serving) {
        if (problems.missing(
                path, loadBalancer, "the nginx container in front of the replicas of " + String.join(", ", serving))) {
            return;
        }
        problems.text(
                path + "/container",
                loadBalancer.container(),
                Problems.CONTAINER,
                "the name of the nginx container",
                true);
        problems.text(
                path + "/config_dir",
                loadBalancer.configDir(),
                Problems.ABSOLUTE_DIRECTORY,
                "an absolute directory in the nginx container, which its configuration includes, without .."
                        + " (relman writes its upstream files there), e.g. /etc/nginx/relman",
                false);
        problems.range(path + "/port", loadBalancer.port(), 1, 65535);
    }

    /**
     * nginx on a host of its own: a known host, which reaches each replica only where it publishes its
     * port on its host's address (container names resolve on one engine's network only).
     */
    private static void host(Problems problems, String at, Plan plan, Environment environment) {
        Host lbHost = environment.loadBalancerHost();
        if (lbHost == null) {
            problems.add(
                    at,
                    PlanMessages.notAnEngineHost(
                            environment,
                            environment.loadBalancer().host(),
                            environment.loadBalancer().container()));
            return;
        }
        if (lbHost.equals(environment.engineHost())) {
            return;
        }
        for (Service service : plan.services()) {
            Spread.Placement placement = environment.placementOf(service);
            if (service.servesTraffic() && (placement == null || placement.publish() == null)) {
                problems.add(
                        at,
                        "nginx on " + lbHost.name() + " reaches the replicas of " + service.name() + " only where"
                                + " they publish their port: add " + service.name() + " under spread: services: with"
                                + " its hosts and publish:, or run nginx on " + environment.host());
            }
        }
    }
}
