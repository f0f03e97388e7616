package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.nginx.CanaryWeights;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Service;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Every upstream change of a rollout: which replicas nginx sends a service's traffic to. One per run, so
 * that the generations it writes and the order of its writes hold across services and hosts.
 */
final class Routing {
    private final Release release;
    /** Counts the upstreams this run wrote, so that each has a generation nginx can be seen serving. */
    private int upstreamGeneration;
    /**
     * One upstream write at a time: with hosts at once, the last write must hold the latest set of replicas,
     * and two writes in flight could land in either order.
     */
    private final WorkflowLock writing = Workflow.newWorkflowLock();

    /** The replicas each service was last routed to in this run, by service name. */
    private final Map<String, List<String>> replicasRouted = new HashMap<>();

    Routing(Release release) {
        this.release = release;
    }

    /** The replicas this run last routed the service to, if it routed it to replicas. */
    Optional<List<String>> replicasRouted(Service service) {
        return Optional.ofNullable(replicasRouted.get(service.name()));
    }

    /** Sends the service's traffic to {@code replicas}: its upstream file, rewritten; nothing for a worker. */
    void route(Service service, SortedSet<String> replicas, String why, ActivityOptions options) {
        replicasRouted.put(service.name(), List.copyOf(replicas));
        routeTo(
                service,
                replicas.stream().map(name -> release.serverOf(service, name)).toList(),
                why,
                options);
    }

    /**
     * Sends {@code percent} of the service's traffic to {@code canaries} and the rest to {@code current}, by
     * the servers' nginx weights.
     */
    void routeWeighted(
            Service service,
            SortedSet<String> current,
            SortedSet<String> canaries,
            int percent,
            String why,
            ActivityOptions options) {
        CanaryWeights weights = CanaryWeights.of(percent, current.size(), canaries.size());
        Map<String, Integer> weightOf = new HashMap<>();
        List<String> servers = new ArrayList<>();
        current.forEach(name -> {
            servers.add(release.serverOf(service, name));
            weightOf.put(release.serverOf(service, name), weights.current());
        });
        canaries.forEach(name -> {
            servers.add(release.serverOf(service, name));
            weightOf.put(release.serverOf(service, name), weights.canary());
        });
        weightOf.values().removeIf(weight -> weight == 1);
        List<String> routed = new ArrayList<>(current);
        routed.addAll(canaries);
        replicasRouted.put(service.name(), List.copyOf(routed));
        write(service, servers, weightOf, why, options);
    }

    /** Sends the service's traffic to {@code servers} ({@code host:port}), replicas or not (a maintenance page). */
    void routeTo(Service service, List<String> servers, String why, ActivityOptions options) {
        write(service, servers, Map.of(), why, options);
    }

    private void write(
            Service service, List<String> servers, Map<String, Integer> weights, String why, ActivityOptions options) {
        if (!service.servesTraffic()) {
            return;
        }
        writing.lock();
        try {
            // Unique across runs: a generation equal to an older run's would be "seen" before nginx reloads.
            String generation = Workflow.getInfo().getRunId() + "-" + (++upstreamGeneration);
            LoadBalancer lb = release.environment.loadBalancer();
            stub(LoadBalancerActivities.class, options, why)
                    .applyUpstream(new UpstreamUpdate(
                            release.environment.loadBalancerHost(),
                            lb.container(),
                            lb.fileOf(service.upstream()),
                            service.upstream(),
                            servers,
                            generation,
                            weights));
        } finally {
            writing.unlock();
        }
    }
}
