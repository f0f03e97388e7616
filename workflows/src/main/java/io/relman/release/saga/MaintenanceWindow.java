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
import java.util.List;
import java.util.TreeSet;

/**
 * The environment's maintenance page over the release steps it covers ({@code maintenance.during}): up before
 * the first of them in the run's order, down after the last. Its undo is registered before it goes up, so that a
 * failure, an abort or a cancel always ends with the traffic on the replicas: after the undo of the steps it
 * covered (a migration's), since undo steps run newest first.
 */
final class MaintenanceWindow {
    private final Release release;
    private final Routing routing;
    private final MaintenancePage page;
    private final List<ReleaseStep> covered;
    /** When the page started going up, or -1 while it is down: set first, so that an abort half-way takes it down. */
    private long upSince = -1;

    MaintenanceWindow(Release release, Routing routing, List<ReleaseStep> order) {
        this.release = release;
        this.routing = routing;
        this.page = new MaintenancePage(release.plan.project(), release.environment);
        this.covered = covered(release.plan, release.environment, order);
    }

    /**
     * The steps of {@code order} the environment's page covers, in order; a migrate step with no migration to
     * run changes nothing the page would hide.
     */
    static List<ReleaseStep> covered(Plan plan, Environment environment, List<ReleaseStep> order) {
        Maintenance maintenance = environment.maintenance();
        return maintenance == null
                ? List.of()
                : order.stream()
                        .filter(maintenance::covers)
                        .filter(step -> step != ReleaseStep.MIGRATE || plan.migrates())
                        .toList();
    }

    /** Before {@code step}: the page goes up when it is the first step it covers. */
    void before(ReleaseStep step) {
        if (covered.isEmpty() || !covered.get(0).equals(step)) {
            return;
        }
        release.compensations.add(ReleaseStep.COMPENSATE, "take the maintenance page down", () -> {
            if (upSince < 0) {
                throw new Compensations.Skip("it was down already");
            }
            return down();
        });
        release.progress.report(step, null, up(String.join(", ", names()) + " runs"));
    }

    /** After {@code step}: the page goes down when it is the last step it covers. */
    void after(ReleaseStep step) {
        if (!covered.isEmpty() && covered.get(covered.size() - 1).equals(step) && upSince >= 0) {
            release.progress.report(step, null, down());
        }
    }

    /**
     * Before an undo step changes the schema (a migration run down, a backup restored): the page goes up again if
     * it covers the migration and came down already; the undo registered when it first went up takes it down
     * last. An undo with nothing to do never calls this, so readers get no page for it.
     */
    void beforeSchemaUndo() {
        if (upSince >= 0 || !covered.contains(ReleaseStep.MIGRATE)) {
            return;
        }
        try {
            release.progress.report(ReleaseStep.COMPENSATE, null, up("the migration is undone"));
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

    /** Points every service's upstream at the page {@code while} something runs, as the progress says it. */
    private String up(String during) {
        upSince = Workflow.currentTimeMillis();
        List<String> servers = page.heldServers();
        for (Service service : served()) {
            routing.routeTo(service, servers, "maintenance page for " + service.name(), RelmanActivityOptions.quick());
        }
        return "maintenance page up for "
                + String.join(", ", served().stream().map(Service::name).toList()) + ": nginx answers "
                + page.heldAnswer() + " while " + during;
    }

    private List<String> names() {
        return covered.stream().map(ReleaseStep::planName).toList();
    }

    /**
     * Sends each service's traffic back to the replicas it was last routed to in this run (the rollout's, when the
     * page covers a step after it), else to those that ran before the release; and removes the page.
     */
    private String down() {
        for (Service service : served()) {
            List<String> replicas = routing.replicasRouted(service)
                    .orElseGet(() -> release.runningBefore.getOrDefault(service.name(), List.of()));
            routing.route(
                    service,
                    new TreeSet<>(replicas),
                    "traffic of " + service.name() + " back on its replicas",
                    RelmanActivityOptions.compensating(RelmanActivityOptions.quick()));
        }
        page.remove();
        long held = Workflow.currentTimeMillis() - upSince;
        upSince = -1;
        return "maintenance page down after " + held + " ms: the traffic is on the replicas again";
    }

    private List<Service> served() {
        return release.plan.services().stream().filter(Service::servesTraffic).toList();
    }
}
