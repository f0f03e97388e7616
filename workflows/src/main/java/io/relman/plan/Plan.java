package io.relman.plan;

import java.util.List;
import java.util.Optional;

/**
 * A validated relman.yml: the stack's services and the environments they are released to. It
 * travels as workflow input, so it holds names of secrets, never their values.
 *
 * @param source where the plan was read from, for messages
 */
public record Plan(String source, String project, List<Environment> environments, List<Service> services) {
    public Plan {
        environments = environments == null ? List.of() : List.copyOf(environments);
        services = services == null ? List.of() : List.copyOf(services);
    }

    public Optional<Environment> environment(String name) {
        return environments.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Whether a service has a migration: then a release backs the database up and migrates it. */
    public boolean migrates() {
        return services.stream().anyMatch(service -> service.migration() != null);
    }

    public Optional<Service> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
