package io.relman.plan;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of an environment's {@code maintenance} and of each service's: a page, the steps it covers, its
 * Retry-After. A service's page is checked as it is in the environment, the environment's keys filled in.
 */
final class MaintenanceRules {
    private MaintenanceRules() {}

    static void check(Problems problems, Plan plan, String path, Environment environment) {
        if (environment.maintenance() != null) {
            check(problems, path, "", environment, environment.maintenance());
        }
        for (Service service : plan.services()) {
            ServiceMaintenance own = service.maintenance();
            String at = "services/" + service.name() + "/maintenance";
            if (own == null) {
                continue;
            }
            // Checked where nginx serves the service: an environment without one gets no page (its own rule says so
            // when it asks for one); a service without a port is ServiceRules'.
            if (service.servesTraffic() && !own.optsOut() && environment.loadBalancer() != null) {
                check(problems, at, " in " + environment.name(), environment, environment.maintenanceOf(service));
            }
        }
    }

    /** {@code where}: nothing for the environment's own page; " in ENV" for a service's in that environment. */
    private static void check(
            Problems problems, String path, String where, Environment environment, Maintenance maintenance) {
        if (environment.loadBalancer() == null) {
            problems.add(
                    path, "needs a load_balancer" + where + ": the page is what nginx answers instead of the services");
        } else if (!environment.loadBalancerHost().equals(environment.engineHost())) {
            // The page's container joins the stack's network, which is on the environment's host.
            problems.add(
                    path,
                    "needs nginx on the environment's host ("
                            + environment.engineHost().name() + "), where the"
                            + " page's container joins the stack's network; load_balancer.host names another");
        }
        String page = maintenance.page();
        if (page == null || page.isBlank()) {
            problems.add(
                    path, "needs its page" + where + ": page: FILE (next to the plan) or text: \"Back in a minute\"");
        } else if (Maintenance.bytesOf(page) > Maintenance.MAX_PAGE_BYTES) {
            problems.add(
                    path + "/page",
                    "is " + Maintenance.bytesOf(page) + " bytes; keep it to " + Maintenance.MAX_PAGE_BYTES
                            + " (link images and styles from elsewhere)");
        }
        problems.positiveUpTo(path + "/retry_after", maintenance.retryAfter(), Duration.ofDays(1));
        if (maintenance.during() == null) {
            return; // the default covers the migration where there is one; restores and by hand need no step
        }
        Set<String> seen = new HashSet<>();
        for (String step : maintenance.during()) {
            boolean mayCover =
                    Maintenance.MAY_COVER.stream().anyMatch(s -> s.planName().equals(step));
            if (!mayCover) {
                problems.add(
                        path + "/during",
                        "'" + step + "' cannot be covered: name backup, build or migrate (the rollout and the"
                                + " validation route the traffic themselves)");
            } else if (!seen.add(step)) {
                problems.add(path + "/during", "names '" + step + "' twice");
            } else if (!environment.steps().contains(step)) {
                problems.add(
                        path + "/during",
                        "'" + step + "' is not one of the steps of environment " + environment.name());
            }
        }
        if (maintenance.during().isEmpty()) {
            problems.add(path + "/during", "names no step; e.g. [migrate]"); // [] is a service's way out only
        }
        // The page goes up after the first covered step's approval; a later gate would hold readers on it.
        List<String> covered = environment.steps().stream()
                .filter(maintenance.during()::contains)
                .toList();
        ApprovalGate approval = environment.approval();
        for (String step : covered.subList(Math.min(1, covered.size()), covered.size())) {
            if (approval != null && approval.before().contains(step)) {
                problems.add(
                        path + "/during",
                        "the approval before '" + step + "' would keep the page up while it waits; gate '"
                                + covered.get(0) + "' instead, or let the page cover fewer steps");
            }
        }
    }
}
