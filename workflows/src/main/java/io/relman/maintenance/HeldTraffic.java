package io.relman.maintenance;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.NginxUpstreams;
import io.relman.nginx.UpstreamFile;
import io.relman.nginx.UpstreamFilesQuery;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Environment;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A run's hold of the services' traffic at nginx (a restore's, a maintenance page's), and its reopening. What each
 * upstream routes is read before the hold, and the traffic goes back to exactly those servers: the plan's replica
 * names may name a replica that is stopped or not deployed yet, which nginx refuses (nginx -t) and which left the
 * service on 502. Workflow code.
 */
public final class HeldTraffic {
    private final Environment environment;
    private final String project;
    private final String environmentName;
    /** The servers each service's upstream routed before the hold, by service; empty until read. */
    private final Map<String, List<String>> routed = new HashMap<>();
    /** Where held traffic goes: each service's maintenance page, or nowhere. */
    private final MaintenancePage page;

    private int generation;

    public HeldTraffic(Environment environment, String project, String environmentName) {
        this.environment = environment;
        this.project = project;
        this.environmentName = environmentName;
        this.page = new MaintenancePage(project, environment);
    }

    /**
     * Reads, before the hold, the upstream files of {@code held} and keeps what each upstream routes;
     * returns it in words. A file that is absent or routes to no replica keeps the plan's replicas.
     */
    public String readRouted(List<Service> held) {
        LoadBalancer lb = environment.loadBalancer();
        List<String> files =
                held.stream().map(s -> lb.fileOf(s.upstream())).distinct().toList();
        List<UpstreamFile> read = stub(
                        LoadBalancerActivities.class, RelmanActivityOptions.quick(), "read what nginx routes")
                .read(new UpstreamFilesQuery(environment.loadBalancerHost(), lb.container(), files));
        Map<String, String> byPath = new HashMap<>();
        read.forEach(file -> byPath.put(file.path(), file.text()));
        StringBuilder words = new StringBuilder();
        for (Service service : held) {
            String file = lb.fileOf(service.upstream());
            String text = byPath.get(file);
            // A page left up by an earlier run is not where the traffic goes back to: the plan's replicas are.
            List<String> servers = text == null
                    ? List.of()
                    : NginxUpstreams.routedIn(file, text, service.upstream()).stream()
                            .filter(server -> !server.startsWith(MaintenancePageRequest.CONTAINER_PREFIX))
                            .toList();
            if (!servers.isEmpty()) {
                routed.put(service.name(), servers);
            }
            words.append(words.length() == 0 ? "" : "; ")
                    .append(service.name())
                    .append(
                            servers.isEmpty()
                                    ? " routes to no replica in " + file + " now: its traffic goes back to the plan's "
                                            + String.join(", ", planned(service))
                                    : " routes to " + String.join(", ", servers));
        }
        return words.toString();
    }

    /** Holds the service's traffic: it gets the maintenance page meanwhile, or nginx's 502 without one. */
    public String hold(Service service) {
        apply(service, page.heldServers(service), "hold the traffic of ");
        return service.name() + "'s traffic is held: it gets " + page.heldAnswer(service);
    }

    /** The maintenance pages, whose containers the run removes once the traffic went back. */
    public MaintenancePage page() {
        return page;
    }

    /** Sends the service's traffic back to what it routed before the hold (or, unread, the plan's replicas). */
    public String reopen(Service service) {
        List<String> servers = routed.getOrDefault(service.name(), planned(service));
        apply(service, servers, "send traffic to ");
        return service.name() + "'s traffic goes to " + String.join(", ", servers) + " again";
    }

    private List<String> planned(Service service) {
        return IntStream.rangeClosed(1, service.replicas())
                .mapToObj(n -> environment
                        .replicaSite(service, service.replicaName(project, environmentName, n), n)
                        .server())
                .toList();
    }

    private void apply(Service service, List<String> servers, String summary) {
        LoadBalancer lb = environment.loadBalancer();
        stub(LoadBalancerActivities.class, RelmanActivityOptions.quick(), summary + service.name())
                .applyUpstream(new UpstreamUpdate(
                        environment.loadBalancerHost(),
                        lb.container(),
                        lb.fileOf(service.upstream()),
                        service.upstream(),
                        servers,
                        Workflow.getInfo().getRunId() + "-" + (++generation)));
    }
}
