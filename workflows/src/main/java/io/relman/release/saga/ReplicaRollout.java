package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.health.UpCheck;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.plan.Spread;
import io.relman.plan.UpdateOrder;
import io.relman.release.ReplacedReplica;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The rollout step: every replica of every service replaced one at a time, services in the plan's order.
 * Stop-first: drain it, stop it and keep it, create the new one from its configuration, probe it, return
 * it. Start-first: set the old one aside still serving, start the new one next to it, probe and add it,
 * then drain and stop the old one. Drain-first: drain it and set it aside under its kept name, and stop it
 * while the new one starts under its name. Each replica registers its undo first: the kept one back under its
 * name, probed, and back in the upstream, so that traffic never reaches a container being swapped. A
 * service without a port (a worker) has no upstream: its replicas are replaced and waited for, and that
 * is all.
 */
final class ReplicaRollout {
    private static final ActivityOptions UNDO_QUICK = RelmanActivityOptions.compensating(RelmanActivityOptions.quick());

    private final Release release;
    private final ReleaseGates gates;
    private final DockerActivities docker = stub(DockerActivities.class, RelmanActivityOptions.quick());
    /** Counts the upstreams this run wrote, so that each has a generation nginx can be seen serving. */
    private int upstreamGeneration;
    /**
     * One upstream write at a time: with hosts at once, the last write must hold the latest set of replicas,
     * and two writes in flight could land in either order.
     */
    private final WorkflowLock routing = Workflow.newWorkflowLock();

    ReplicaRollout(Release release, ReleaseGates gates) {
        this.release = release;
        this.gates = gates;
    }

    /** Replaces every service's replicas, in the plan's order of services. */
    void replaceAll() {
        for (Service service : release.plan.services()) {
            replace(service);
        }
    }

    private void replace(Service service) {
        String version = release.version();
        ReplicaSelector selector =
                new ReplicaSelector(release.host(), release.plan.project(), release.environment.name(), service.name());
        // What nginx should route to: the replicas running now, minus the one being replaced. Runs that find
        // the replicas by name know them from the pre-flight; older ones asked for relman's by its labels.
        TreeSet<String> inUpstream = new TreeSet<>(
                release.versions.stackByName()
                        ? release.runningBefore.getOrDefault(service.name(), List.of())
                        : docker.runningReplicas(selector));
        String image = release.createFrom.getOrDefault(service.name(), service.imageAt(version));
        String previousVersion = release.previousVersions.get(service.name());
        ServiceRollout rollout = new ServiceRollout(
                service, version, selector, inUpstream, image, previousVersion, service.updateOrder());
        int hostsAtOnce = release.environment.spread() == null
                ? 1
                : release.environment.spread().hostsAtOnce();
        if (hostsAtOnce > 1 && release.environment.placementOf(service) != null) {
            replaceHostsAtOnce(rollout, hostsAtOnce);
            return;
        }
        Host previousHost = null;
        for (int index : order(service)) {
            String name = service.replicaName(release.plan.project(), release.environment.name(), index);
            Host host = release.hostOf(name);
            if (previousHost != null && !host.equals(previousHost)) {
                nextHost(service, previousHost.name(), host.name());
            }
            previousHost = host;
            replaceOne(rollout, index);
        }
    }

    /** What every replica of a service is replaced with, and the replicas nginx routes to meanwhile. */
    private record ServiceRollout(
            Service service,
            String version,
            ReplicaSelector selector,
            TreeSet<String> inUpstream,
            String image,
            String previousVersion,
            UpdateOrder order) {}

    /**
     * {@code hostsAtOnce} hosts at a time, each host's replicas one at a time, and the next batch of hosts
     * once every replica of this one is healthy. A failure on one host lets the others finish the replica
     * they are replacing and replace no other, so that the undo starts from a known state on every host.
     */
    private void replaceHostsAtOnce(ServiceRollout rollout, int hostsAtOnce) {
        Service service = rollout.service();
        Spread.Placement placement = release.environment.placementOf(service);
        List<String> hosts = placement.hosts();
        boolean[] failed = {false};
        List<String> previousBatch = null;
        for (int first = 0; first < hosts.size(); first += hostsAtOnce) {
            List<String> batch = hosts.subList(first, Math.min(hosts.size(), first + hostsAtOnce));
            if (previousBatch != null) {
                nextHost(service, String.join(", ", previousBatch), String.join(", ", batch));
            }
            previousBatch = batch;
            List<Promise<Void>> running = new ArrayList<>();
            for (String host : batch) {
                running.add(Async.procedure(() -> {
                    for (int index : order(service)) {
                        if (failed[0]) {
                            return;
                        }
                        if (placement.hostOf(index).equals(host)) {
                            try {
                                replaceOne(rollout, index);
                            } catch (RuntimeException failure) {
                                failed[0] = true;
                                throw failure;
                            }
                        }
                    }
                }));
            }
            RuntimeException firstFailure = null;
            for (Promise<Void> host : running) {
                try {
                    host.get();
                } catch (RuntimeException failure) {
                    firstFailure = firstFailure == null ? failure : firstFailure;
                }
            }
            if (firstFailure != null) {
                throw firstFailure;
            }
        }
    }

    private void replaceOne(ServiceRollout rollout, int index) {
        Service service = rollout.service();
        String version = rollout.version();
        ReplicaSelector selector = rollout.selector();
        TreeSet<String> inUpstream = rollout.inUpstream();
        String image = rollout.image();
        String previousVersion = rollout.previousVersion();
        String name = service.replicaName(release.plan.project(), release.environment.name(), index);
        Host host = release.hostOf(name);
        String step = Workflow.randomUUID().toString();
        String where = name + " (" + index + "/" + service.replicas() + ")"
                + (release.environment.spreads() ? " on " + host.name() : "");
        gates.holdWhilePaused(service.name(), index, release.replaced.size(), release.replicasTotal, where);
        boolean hadOldReplica = inUpstream.contains(name);
        boolean surge = rollout.order() == UpdateOrder.START_FIRST && hadOldReplica;
        boolean stopWhileStarting = rollout.order() == UpdateOrder.DRAIN_FIRST && hadOldReplica;
        // Drain-first: the old replica's stop, still running while the new one starts; an undo waits for it.
        List<Promise<Void>> oldStopping = new ArrayList<>(1);
        release.compensations.add(
                ReleaseStep.ROLLOUT,
                hadOldReplica
                        ? "put " + name + " back on " + previousVersion
                        : "remove " + name + ", new in " + version,
                () -> {
                    oldStopping.forEach(ReplicaRollout::awaitEitherWay);
                    return undo(service, inUpstream, name, step, hadOldReplica);
                });
        StopReplicaRequest keep = new StopReplicaRequest(host, name, step, service.stopGracePeriod());
        String keptAs;
        if (surge) {
            keptAs = stub(
                            DockerActivities.class,
                            RelmanActivityOptions.quick(),
                            "set " + name + " aside, still serving")
                    .setAside(keep)
                    .keptAs();
            // The same container under its kept name, so that the new one can take the name.
            inUpstream.remove(name);
            inUpstream.add(keptAs);
            route(service, inUpstream, "follow " + name + " to " + keptAs, RelmanActivityOptions.quick());
            report(
                    service,
                    index,
                    name + (service.servesTraffic() ? " serves" : " runs") + " on as " + keptAs + "; starting " + image
                            + " as " + where + " next to it");
        } else if (stopWhileStarting) {
            inUpstream.remove(name);
            report(service, index, "draining " + where);
            route(service, inUpstream, "drain " + name, RelmanActivityOptions.quick());
            keptAs = stub(DockerActivities.class, RelmanActivityOptions.quick(), "set " + name + " aside, drained")
                    .setAside(keep)
                    .keptAs();
            DockerActivities stopper = stub(
                    DockerActivities.class, RelmanActivityOptions.stop(service.stopGracePeriod()), "stop " + keptAs);
            // Not cancelled by an abort: the undo that follows puts this container back, after its stop ended.
            Workflow.newDetachedCancellationScope(() -> oldStopping.add(Async.procedure(stopper::stopKept, keep)))
                    .run();
            report(
                    service,
                    index,
                    "drained; stopping it as " + keptAs + " while " + image + " starts as " + where + " (drain-first)");
        } else {
            if (inUpstream.remove(name) && service.servesTraffic()) {
                report(service, index, "draining " + where);
                route(service, inUpstream, "drain " + name, RelmanActivityOptions.quick());
            }
            keptAs = stub(
                            DockerActivities.class,
                            RelmanActivityOptions.stop(service.stopGracePeriod()),
                            "stop and keep " + name)
                    .stopAndKeep(keep)
                    .keptAs();
            report(
                    service,
                    index,
                    (keptAs == null ? "" : "stopped and kept as " + keptAs + "; ") + "starting " + image + " as "
                            + where);
        }
        ReplicaContainer created = stub(
                        DockerActivities.class, RelmanActivityOptions.quick(), "create " + name + " from " + image)
                .createReplica(new CreateReplicaRequest(
                        host,
                        name,
                        image,
                        step,
                        release.environment.network(),
                        release.containerEnv(service),
                        service.secretEnv(),
                        ContainerNames.labels(selector, index, version, Release.workflowId(), step),
                        published(service, name)));
        report(service, index, "probing " + where);
        HealthReport health = awaitReady(
                release, service, name, RelmanActivityOptions.health(service.healthDeadline()), "probe " + name);
        inUpstream.add(name);
        route(service, inUpstream, (surge ? "add " : "return ") + name, RelmanActivityOptions.quick());
        // Only a replica whose old copy has stopped counts as replaced (a stop that fails fails the release).
        oldStopping.forEach(Promise::get);
        if (surge) {
            report(
                    service,
                    index,
                    service.servesTraffic()
                            ? "draining " + keptAs + ", now that " + name + " serves"
                            : "stopping " + keptAs + ", now that " + name + " is up");
            inUpstream.remove(keptAs);
            route(service, inUpstream, "drain " + keptAs, RelmanActivityOptions.quick());
            stub(DockerActivities.class, RelmanActivityOptions.stop(service.stopGracePeriod()), "stop " + keptAs)
                    .stopKept(keep);
        }
        release.replaced.add(
                new ReplacedReplica(service.name(), name, created.containerId(), keptAs, health.elapsedMillis()));
        report(
                service,
                index,
                where
                        + (service.servesTraffic()
                                ? " is " + (surge ? "in" : "back in") + " the load balancer on " + version
                                : " runs " + version)
                        + " (" + readyAfter(service, health) + ")"
                        + (surge ? "; " + keptAs + " stopped" : ""));
    }

    /**
     * Undoes one replica's replacement the way it was done, so traffic never reaches a stopped
     * container: out of the upstream, the old container back under its name, probed, back in.
     */
    private String undo(Service service, TreeSet<String> inUpstream, String name, String step, boolean hadOldReplica) {
        if (inUpstream.remove(name)) {
            route(service, inUpstream, "drain " + name + " (undo)", UNDO_QUICK);
        }
        Host host = release.hostOf(name);
        if (release.lostHosts.contains(host.name())) {
            throw FailureType.HOST_UNREACHABLE.failure(
                    "host " + host.describe() + " was lost during the release: " + name + " is left as it is there"
                            + " (out of the load balancer); once the host answers, check it (docker ps -a) and"
                            + " release again",
                    host.name());
        }
        RestoredReplica restored;
        try {
            restored = stub(
                            DockerActivities.class,
                            RelmanActivityOptions.compensating(RelmanActivityOptions.stop(service.stopGracePeriod())),
                            "restore " + name)
                    .restoreReplica(
                            new RestoreReplicaRequest(host, name, step, hadOldReplica, service.stopGracePeriod()));
        } catch (ActivityFailure failed) {
            release.lostHosts.addAll(LostHosts.in(failed));
            throw failed;
        }
        if (!hadOldReplica) {
            return restored.summary();
        }
        HealthReport health = awaitReady(
                release,
                service,
                name,
                RelmanActivityOptions.compensating(RelmanActivityOptions.health(service.healthDeadline())),
                "probe " + name + " (undo)");
        // Start-first: the old replica served on under its kept name until now.
        inUpstream.remove(ContainerNames.kept(name));
        inUpstream.add(name);
        route(service, inUpstream, "return " + name + " (undo)", UNDO_QUICK);
        return restored.summary() + "; " + readyAfter(service, health)
                + (service.servesTraffic() ? " and back in the load balancer" : "");
    }

    /** Waits for an activity that may have failed: what the undo does next does not depend on how it ended. */
    private static void awaitEitherWay(Promise<Void> activity) {
        try {
            activity.get();
        } catch (TemporalFailure ended) {
            // The undo restores the kept container whether its stop finished or not.
        }
    }

    /** A service with a port is healthy (its health check answered); one without is up. */
    private static String readyAfter(Service service, HealthReport health) {
        return (service.servesTraffic() ? "healthy" : "up") + " after " + health.elapsedMillis() + " ms";
    }

    /**
     * Waits until a replica is ready for work: a service with a port answers its health check from the
     * load balancer's network; one without is up ({@link UpCheck}).
     */
    static HealthReport awaitReady(
            Release release, Service service, String name, ActivityOptions options, String summary) {
        HealthActivities health = stub(HealthActivities.class, options, summary);
        return service.servesTraffic()
                ? health.awaitHealthy(probe(release, service, name))
                : health.awaitUp(
                        new UpCheck(release.hostOf(name), name, service.minUptime(), service.healthDeadline()));
    }

    /** A probe of {@code name} from the load balancer, where the load balancer reaches it. */
    static HealthProbeRequest probe(Release release, Service service, String name) {
        Host host = release.hostOf(name);
        Host probeFrom = release.environment.loadBalancerHost();
        return new HealthProbeRequest(
                probeFrom,
                release.environment.loadBalancer().container(),
                name,
                service.port(),
                service.healthcheck(),
                host.equals(probeFrom) ? null : host,
                release.environment.spreads() ? release.serverOf(service, name) : null);
    }

    /** Sends the service's traffic to {@code replicas}: its upstream file, rewritten; nothing for a worker. */
    private void route(Service service, TreeSet<String> replicas, String why, ActivityOptions options) {
        if (!service.servesTraffic()) {
            return;
        }
        routing.lock();
        try {
            List<String> servers = replicas.stream()
                    .map(name -> release.serverOf(service, name))
                    .toList();
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
                            generation));
        } finally {
            routing.unlock();
        }
    }

    /**
     * The order replicas are replaced in: 1..N; over several hosts, host by host (the hosts in the
     * plan's order), so that a bad release stops on the first host.
     */
    private List<Integer> order(Service service) {
        List<Integer> order = new ArrayList<>();
        Spread.Placement placement = release.environment.placementOf(service);
        for (String host : placement == null ? List.of("") : placement.hosts()) {
            for (int index = 1; index <= service.replicas(); index++) {
                if (placement == null || placement.hostOf(index).equals(host)) {
                    order.add(index);
                }
            }
        }
        return order;
    }

    /** Between two hosts (or batches of hosts): every replica on the first is healthy; the plan's pause, then the next. */
    private void nextHost(Service service, String done, String next) {
        Duration pause = release.environment.spread().pauseBetweenHosts();
        release.progress.report(
                ReleaseStep.ROLLOUT,
                service.name(),
                release.replaced.size(),
                release.replaced.size(),
                release.replicasTotal,
                "every replica of " + service.name() + " on " + done + " is healthy; "
                        + (pause.isZero() ? "" : "waiting " + pause.toSeconds() + " s, then ") + "on to "
                        + next);
        if (!pause.isZero()) {
            Workflow.sleep(pause);
        }
    }

    /** What a new replica publishes: its port on its host's address when it runs spread over hosts. */
    private CreateReplicaRequest.PublishedPort published(Service service, String name) {
        Integer port = release.publishedPortOf(name);
        return port == null
                ? null
                : new CreateReplicaRequest.PublishedPort(release.hostOf(name).address(), port, service.port());
    }

    private void report(Service service, int index, String event) {
        release.progress.report(
                ReleaseStep.ROLLOUT, service.name(), index, release.replaced.size(), release.replicasTotal, event);
    }
}
