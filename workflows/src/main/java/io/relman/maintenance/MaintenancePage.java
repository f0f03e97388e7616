package io.relman.maintenance;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.plan.Environment;
import io.relman.plan.Maintenance;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a run sends a service's traffic while it holds it: to the maintenance page that service gets in the
 * environment (503, Retry-After), else nowhere (nginx answers 502). The services that get the environment's page
 * share its container; a service with a page of its own gets a container of its own. Each container is started on
 * first use and removed when no held service needs it. Workflow code: one per run.
 */
public final class MaintenancePage {
    private final String project;
    private final Environment environment;
    /** The server of each page container shown, by container, in the order they went up. */
    private final Map<String, String> shown = new LinkedHashMap<>();
    /** The containers this run asked for since it last removed them: each may exist, shown or not. */
    private final Set<String> asked = new LinkedHashSet<>();

    public MaintenancePage(String project, Environment environment) {
        this.project = project;
        this.environment = environment;
    }

    /** Whether one of {@code services} gets a page; without one, its held traffic gets 502. */
    public boolean exists(Collection<Service> services) {
        return services.stream().anyMatch(service -> environment.maintenanceOf(service) != null);
    }

    /** The servers the upstream of {@code service} names while its traffic is held: its page's, or none. */
    public List<String> heldServers(Service service) {
        Maintenance maintenance = environment.maintenanceOf(service);
        if (maintenance == null) {
            return List.of();
        }
        String container = container(service);
        if (!shown.containsKey(container)) {
            asked.add(container);
            shown.put(
                    container,
                    stub(MaintenanceActivities.class, RelmanActivityOptions.quick(), "show the maintenance page")
                            .showPage(new MaintenancePageRequest(
                                    environment.loadBalancerHost(),
                                    container,
                                    environment.loadBalancer().container(),
                                    environment.network(),
                                    maintenance.page(),
                                    maintenance.retryAfter(),
                                    Map.of(
                                            ContainerNames.LABEL_PROJECT, project,
                                            ContainerNames.LABEL_ENVIRONMENT, environment.name(),
                                            ContainerNames.LABEL_RELEASE,
                                                    Workflow.getInfo().getWorkflowId()))));
        }
        return List.of(shown.get(container));
    }

    /** What the held traffic of {@code service} gets, in words. */
    public String heldAnswer(Service service) {
        Maintenance maintenance = environment.maintenanceOf(service);
        return maintenance == null
                ? "502 from nginx"
                : "the maintenance page (503, Retry-After: "
                        + maintenance.retryAfter().toSeconds() + ")";
    }

    /** What the held traffic of {@code services} gets, in words: one answer, or each service's. */
    public String heldAnswer(List<Service> services) {
        List<String> answers =
                services.stream().map(this::heldAnswer).distinct().toList();
        return answers.size() == 1
                ? answers.get(0)
                : String.join(
                        "; ",
                        services.stream()
                                .map(service -> service.name() + " gets " + heldAnswer(service))
                                .toList());
    }

    /** Removes every page container once no upstream names it; an abort or a cancel does not stop it. */
    public void remove() {
        removeAllBut(List.of());
    }

    /** Removes the page containers that no service of {@code stillHeld} gets. */
    public void removeAllBut(Collection<Service> stillHeld) {
        Set<String> needed = new LinkedHashSet<>();
        stillHeld.stream()
                .filter(service -> environment.maintenanceOf(service) != null)
                .forEach(service -> needed.add(container(service)));
        for (String container : new ArrayList<>(asked)) {
            if (needed.contains(container)) {
                continue;
            }
            Workflow.newDetachedCancellationScope(() -> stub(
                                    MaintenanceActivities.class,
                                    RelmanActivityOptions.compensating(RelmanActivityOptions.quick()),
                                    "remove the maintenance page")
                            .removePage(environment.loadBalancerHost(), container))
                    .run();
            shown.remove(container);
            asked.remove(container);
        }
    }

    private String container(Service service) {
        return containerOf(project, environment, service);
    }

    /**
     * The container of the page {@code service} gets in {@code environment}: the environment's, unless the
     * service's own page or Retry-After differs from it.
     */
    public static String containerOf(String project, Environment environment, Service service) {
        Maintenance own = environment.maintenanceOf(service);
        Maintenance shared = environment.maintenance();
        boolean sharesTheEnvironments = shared != null
                && own.page().equals(shared.page())
                && own.retryAfter().equals(shared.retryAfter());
        return sharesTheEnvironments
                ? MaintenancePageRequest.containerOf(project, environment.name())
                : MaintenancePageRequest.containerOf(project, environment.name(), service.name());
    }
}
