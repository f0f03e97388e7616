package io.relman.release.saga;

import io.relman.maintenance.MaintenancePage;
import io.relman.plan.Maintenance;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
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
    private long upSince = -1;

    MaintenanceWindow(Release release, Routing routing, List<ReleaseStep> order) {
        this.release = release;
        this.routing = routing;
        this.page = new MaintenancePage(release.plan.project(), release.environment);
        Maintenance maintenance = release.environment.maintenance();
        this.covered = maintenance == null
                ? List.of()
                : order.stream().filter(maintenance::covers).toList();
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
        release.progress.report(step, null, up());
    }

    /**
     * After {@code step}: the page goes down when it is the last step it covers; an undo puts it up again before
     * it undoes the steps it covered (a migration run down), and takes it down after them.
     */
    void after(ReleaseStep step) {
        if (covered.isEmpty() || !covered.get(covered.size() - 1).equals(step) || upSince < 0) {
            return;
        }
        release.progress.report(step, null, down());
        release.compensations.add(
                ReleaseStep.COMPENSATE,
                "put the maintenance page up again while " + String.join(", ", names()) + " is undone",
                this::up);
    }

    /** Points every service's upstream at the page. */
    private String up() {
        List<String> servers = page.heldServers();
        for (Service service : served()) {
            routing.routeTo(service, servers, "maintenance page for " + service.name(), RelmanActivityOptions.quick());
        }
        upSince = Workflow.currentTimeMillis();
        return "maintenance page up for "
                + String.join(", ", served().stream().map(Service::name).toList()) + ": nginx answers "
                + page.heldAnswer() + " while " + String.join(", ", names()) + " runs";
    }

    private List<String> names() {
        return covered.stream().map(ReleaseStep::planName).toList();
    }

    /** Sends each service's traffic back to the replicas that ran before the release, and removes the page. */
    private String down() {
        for (Service service : served()) {
            routing.route(
                    service,
                    new TreeSet<>(release.runningBefore.getOrDefault(service.name(), List.of())),
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
