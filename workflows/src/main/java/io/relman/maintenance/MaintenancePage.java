package io.relman.maintenance;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.plan.Environment;
import io.relman.plan.Maintenance;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;

/**
 * Where a run sends a service's traffic while it holds it: to relman's maintenance page when the environment has
 * one (503, Retry-After), else nowhere (nginx answers 502). The page's container is started on first use and
 * removed when the run is done with it. Workflow code: one per run.
 */
public final class MaintenancePage {
    private final String project;
    private final Environment environment;
    /** The page's server while it is shown, or null. */
    private String server;
    /** Whether this run asked for the page's container since it last removed it: it may exist, shown or not. */
    private boolean asked;

    public MaintenancePage(String project, Environment environment) {
        this.project = project;
        this.environment = environment;
    }

    /** Whether the environment has a page; without one, held traffic gets 502. */
    public boolean exists() {
        return environment.maintenance() != null;
    }

    /** The servers an upstream names while its traffic is held: the page's, started now if need be, or none. */
    public List<String> heldServers() {
        if (!exists()) {
            return List.of();
        }
        if (server == null) {
            asked = true;
            Maintenance maintenance = environment.maintenance();
            server = stub(MaintenanceActivities.class, RelmanActivityOptions.quick(), "show the maintenance page")
                    .showPage(new MaintenancePageRequest(
                            environment.loadBalancerHost(),
                            container(),
                            environment.loadBalancer().container(),
                            environment.network(),
                            maintenance.page(),
                            maintenance.retryAfter(),
                            Map.of(
                                    ContainerNames.LABEL_PROJECT, project,
                                    ContainerNames.LABEL_ENVIRONMENT, environment.name(),
                                    ContainerNames.LABEL_RELEASE,
                                            Workflow.getInfo().getWorkflowId())));
        }
        return List.of(server);
    }

    /** What held traffic gets, in words. */
    public String heldAnswer() {
        return exists()
                ? "the maintenance page (503, Retry-After: "
                        + environment.maintenance().retryAfter().toSeconds() + ")"
                : "502 from nginx";
    }

    /** Removes the page's container once no upstream names it; an abort or a cancel does not stop it. */
    public void remove() {
        if (!asked) {
            return;
        }
        Workflow.newDetachedCancellationScope(() -> stub(
                                MaintenanceActivities.class,
                                RelmanActivityOptions.compensating(RelmanActivityOptions.quick()),
                                "remove the maintenance page")
                        .removePage(environment.loadBalancerHost(), container()))
                .run();
        server = null;
        asked = false;
    }

    private String container() {
        return MaintenancePageRequest.containerOf(project, environment.name());
    }
}
