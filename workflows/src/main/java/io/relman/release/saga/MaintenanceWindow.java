package io.relman.release.saga;

import io.relman.maintenance.MaintenancePage;
import io.relman.plan.Environment;
import io.relman.plan.Maintenance;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The maintenance pages over the release steps they cover ({@code maintenance.during}): each service's page up
 * before the first of its steps in the run's order, down after the last (services that share their steps go up
 * and down together). Each undo is registered before its page goes up, so that a failure, an abort or a cancel
 * always ends with the traffic on the replicas: after the undo of the steps it covered (a migration's), since
 * undo steps run newest first.
 */
final class MaintenanceWindow {
    private final Release release;
    private final Routing routing;
    private final MaintenancePage page;
    /** The steps each service's page covers, in the run's order, for the services that get a page over one. */
    private final Map<Service, List<ReleaseStep>> covered;
    /** When each service's page started going up; absent while it is down. Set first, so that an abort half-way takes it down. */
    private final Map<Service, Long> upSince = new LinkedHashMap<>();

    MaintenanceWindow(Release release, Routing routing, List<ReleaseStep> order) {
        this.release = release;
        this.routing = routing;
        this.page = new MaintenancePage(release.plan.project(), release.environment);
        this.covered = coveredByService(release.plan, release.environment, order);
    }

    /**
     * The steps of {@code order} each service's page covers, in order, for the services whose page covers one; a
     * migrate step with no migration to run changes nothing the page would hide.
     */
    static Map<Service, List<ReleaseStep>> coveredByService(
            Plan plan, Environment environment, List<ReleaseStep> order) {
        Map<Service, List<ReleaseStep>> covered = new LinkedHashMap<>();
        for (Service service : plan.services()) {
            Maintenance maintenance = environment.maintenanceOf(service);
            if (maintenance == null) {
                continue;
            }
            List<ReleaseStep> steps = order.stream()
                    .filter(maintenance::covers)
                    .filter(step -> step != ReleaseStep.MIGRATE || plan.migrates())
                    .toList();
            if (!steps.isEmpty()) {
                covered.put(service, steps);
            }
        }
        return covered;
    }

    /** Before {@code step}: the pages of the services whose first covered step it is go up. */
    void before(ReleaseStep step) {
        List<Service> starting = servicesWhere(steps -> steps.get(0) == step);
        if (starting.isEmpty()) {
            return;
        }
        release.compensations.add(ReleaseStep.COMPENSATE, "take the maintenance page down", () -> {
            List<Service> up = starting.stream().filter(upSince::containsKey).toList();
            if (up.isEmpty()) {
                throw new Compensations.Skip("it was down already");
            }
            return down(up);
        });
        release.progress.report(step, null, up(starting, String.join(", ", names(starting)) + " runs"));
    }

    /** After {@code step}: the pages of the services whose last covered step it is come down. */
    void after(ReleaseStep step) {
        List<Service> ending = servicesWhere(steps -> steps.get(steps.size() - 1) == step).stream()
                .filter(upSince::containsKey)
                .toList();
        if (!ending.isEmpty()) {
            release.progress.report(step, null, down(ending));
        }
    }

    /**
     * Before an undo step changes the schema (a migration run down, a backup restored): the pages that cover the
     * migration go up again if they came down already; the undo registered when they first went up takes them
     * down last. An undo with nothing to do never calls this, so readers get no page for it.
     */
    void beforeSchemaUndo() {
        List<Service> again = servicesWhere(steps -> steps.contains(ReleaseStep.MIGRATE)).stream()
                .filter(service -> !upSince.containsKey(service))
                .toList();
        if (again.isEmpty()) {
            return;
        }
        try {
            release.progress.report(ReleaseStep.COMPENSATE, null, up(again, "the migration is undone"));
        } catch (TemporalFailure failure) {
            // The page never decides how the schema is undone: the undo goes on, and the page's own undo step
            // sends the traffic back to the replicas at the end.
            release.progress.report(
                    ReleaseStep.COMPENSATE,
                    null,
                    "the maintenance page could not go up again (" + Compensations.shortMessage(failure)
                            + "); the migration is undone without it");
        }
    }

    /** Points the upstreams of {@code services} at their pages {@code while} something runs, as the progress says it. */
    private String up(List<Service> services, String during) {
        long now = Workflow.currentTimeMillis();
        services.forEach(service -> upSince.put(service, now));
        for (Service service : services) {
            routing.routeTo(
                    service,
                    page.heldServers(service),
                    "maintenance page for " + service.name(),
                    RelmanActivityOptions.quick());
        }
        return "maintenance page up for "
                + String.join(", ", services.stream().map(Service::name).toList()) + ": nginx answers "
                + page.heldAnswer(services) + " while " + during;
    }

    /** The names of the steps the pages of {@code services} cover, each once, in order. */
    private List<String> names(List<Service> services) {
        return services.stream()
                .flatMap(service -> covered.get(service).stream())
                .distinct()
                .map(ReleaseStep::planName)
                .toList();
    }

    private List<Service> servicesWhere(Predicate<List<ReleaseStep>> steps) {
        List<Service> services = new ArrayList<>();
        covered.forEach((service, its) -> {
            if (steps.test(its)) {
                services.add(service);
            }
        });
        return services;
    }

    /**
     * Sends the traffic of {@code services} back to the replicas it was last routed to in this run (the rollout's,
     * when the page covers a step after it), else to those that ran before the release; and removes the pages no
     * service still held gets.
     */
    private String down(List<Service> services) {
        long since = services.stream().mapToLong(upSince::get).min().orElseThrow();
        for (Service service : services) {
            List<String> replicas = routing.replicasRouted(service)
                    .orElseGet(() -> release.runningBefore.getOrDefault(service.name(), List.of()));
            routing.route(
                    service,
                    new TreeSet<>(replicas),
                    "traffic of " + service.name() + " back on its replicas",
                    RelmanActivityOptions.compensating(RelmanActivityOptions.quick()));
        }
        services.forEach(upSince::remove);
        page.removeAllBut(upSince.keySet());
        long held = Workflow.currentTimeMillis() - since;
        return "maintenance page down for "
                + String.join(", ", services.stream().map(Service::name).toList()) + " after " + held
                + " ms: the traffic is on the replicas again";
    }
}
