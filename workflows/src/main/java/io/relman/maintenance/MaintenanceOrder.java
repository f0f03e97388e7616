package io.relman.maintenance;

import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import java.util.List;
import java.util.Optional;

/**
 * {@code relman maintenance on}: put the maintenance page up over {@code services} (each gets its own, or the
 * environment's) until it is taken down.
 *
 * @param plan the whole plan: the environment's page and the services' upstreams
 * @param services the services whose traffic gets the page, by name; empty means every service that gets one
 */
public record MaintenanceOrder(Plan plan, String environment, String requestedBy, List<String> services) {
    public MaintenanceOrder {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /**
     * Why the page cannot go up, in one sentence with the fix, or empty: the CLI asks before it starts a run,
     * the workflow again before it changes anything.
     */
    public Optional<String> refusal() {
        Optional<Environment> env = plan.environment(environment);
        List<String> withPort = plan.services().stream()
                .filter(Service::servesTraffic)
                .map(Service::name)
                .toList();
        if (env.isEmpty()) {
            return Optional.of("environment " + environment + " is not in the plan " + plan.source() + ": name one of "
                    + String.join(
                            ", ",
                            plan.environments().stream().map(Environment::name).toList()) + ".");
        }
        Environment here = env.get();
        if (here.maintenance() == null
                && plan.services().stream().noneMatch(service -> service.maintenance() != null)) {
            return Optional.of("environment " + environment + " has no maintenance page: add maintenance: (page: a"
                    + " file next to the plan, or text:) under it in " + plan.source() + ".");
        }
        if (withPort.isEmpty()) {
            return Optional.of("no service of the plan has a port, so nginx routes no traffic to hold: give the"
                    + " services nginx serves their port: in " + plan.source() + ".");
        }
        for (String name : services) {
            Optional<Service> service = plan.service(name);
            if (service.isEmpty() || !service.get().servesTraffic()) {
                return Optional.of((service.isEmpty()
                                ? "the plan has no service " + name
                                : "service " + name + " has no port, so nginx routes no traffic to it")
                        + ": name one of " + String.join(", ", withPort) + ", or none for all of them.");
            }
            if (here.maintenanceOf(service.get()) == null) {
                boolean optsOut = service.get().maintenance() != null
                        && service.get().maintenance().optsOut();
                return Optional.of("service " + name + " gets no maintenance page in " + environment + ": "
                        + (optsOut
                                ? "its maintenance: during: [] in " + plan.source() + " keeps its traffic off every"
                                        + " page."
                                : "the environment has none, nor has the service; add maintenance: (page: or text:)"
                                        + " under either in " + plan.source() + "."));
            }
        }
        return Optional.empty();
    }

    /** The services whose traffic gets the page, once {@link #refusal} is empty. */
    public List<Service> held() {
        Environment here = plan.environment(environment).orElseThrow();
        return services.isEmpty()
                ? plan.services().stream()
                        .filter(service -> here.maintenanceOf(service) != null)
                        .toList()
                : services.stream()
                        .distinct()
                        .map(name -> plan.service(name).orElseThrow())
                        .toList();
    }
}
