package io.relman.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names a plan gives that must not meet: every replica of every service in every environment has a
 * container name of its own (environments may share an engine), no replica takes the name of the load
 * balancer or the database, and no stack sits on a network of Docker's own.
 */
final class NameCollisions {
    /** Docker's own networks: on them, containers cannot reach each other by name. */
    static final Set<String> RESERVED_NETWORKS = Set.of("bridge", "host", "none");

    private NameCollisions() {}

    static List<PlanProblem> problems(Plan plan) {
        List<PlanProblem> problems = new ArrayList<>();
        Map<String, String> owners = new HashMap<>();
        for (Environment environment : plan.environments()) {
            if (environment.network() != null && RESERVED_NETWORKS.contains(environment.network())) {
                problems.add(PlanProblem.at(
                        "environments/" + environment.name() + "/network",
                        "'"
                                + environment.network()
                                + "' is one of Docker's own networks, where containers cannot find"
                                + " each other by name; use a network of the stack's own, e.g. " + plan.project() + "-"
                                + environment.name()));
            }
            for (Service service : plan.services()) {
                for (int n = 1; n <= service.replicas(); n++) {
                    String name = service.replicaName(plan.project(), environment.name(), n);
                    String owner = "replica " + n + " of " + service.name() + " in " + environment.name();
                    String taken = owners.putIfAbsent(name, owner);
                    if (taken != null) {
                        problems.add(PlanProblem.at(
                                "services/" + service.name() + "/replica_names",
                                "gives '" + name
                                        + "' to " + owner + ", and to " + taken + " too; give every replica of every"
                                        + " environment a name of its own (the default " + ReplicaNames.DEFAULT
                                        + " does)"));
                    } else if (!Problems.CONTAINER.matcher(name).matches()) {
                        problems.add(PlanProblem.at(
                                "services/" + service.name() + "/replica_names",
                                "gives '" + name
                                        + "', which cannot be a container's name: letters, digits and _ . - only"));
                    }
                }
            }
        }
        for (Environment environment : plan.environments()) {
            claimed(
                    problems,
                    owners,
                    "environments/" + environment.name() + "/load_balancer/container",
                    environment.loadBalancer() == null
                            ? null
                            : environment.loadBalancer().container());
            claimed(
                    problems,
                    owners,
                    "environments/" + environment.name() + "/database/container",
                    environment.database() == null
                            ? null
                            : environment.database().container());
        }
        return problems;
    }

    private static void claimed(List<PlanProblem> problems, Map<String, String> owners, String path, String container) {
        if (container != null && owners.containsKey(container)) {
            problems.add(PlanProblem.at(
                    path,
                    "'" + container + "' is the name of " + owners.get(container)
                            + "; a replica is replaced at every release, so it cannot be this container too"));
        }
    }
}
