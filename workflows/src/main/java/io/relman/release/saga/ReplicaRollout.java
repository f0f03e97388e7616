package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.health.HealthReport;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import io.relman.release.ReleaseKind;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The rollout step: every replica of every service replaced one at a time, services in the plan's order,
 * hosts in {@link HostBatches}, each replica the way its service's update order says ({@link StopFirst},
 * {@link StartFirst}, {@link DrainFirst}). Each replica registers its undo first: the kept one back under
 * its name, probed, and back in the upstream, so that traffic never reaches a container being swapped. A
 * service without a port (a worker) has no upstream: its replicas are replaced and waited for, and that
 * is all.
 */
final class ReplicaRollout {
    private static final ActivityOptions UNDO_QUICK = RelmanActivityOptions.compensating(RelmanActivityOptions.quick());

    private final Release release;
    private final ReleaseGates gates;
    private final DockerActivities docker = stub(DockerActivities.class, RelmanActivityOptions.quick());
    private final HostBatches batches;
    private final RolloutMonitor monitor;
    private final RolloutContext context;
    private final CanaryRollout canaries;

    ReplicaRollout(Release release, ReleaseGates gates, ReleaseHooks hooks, Routing routing) {
        this.release = release;
        this.gates = gates;
        Readiness readiness = new Readiness(release);
        this.monitor = new RolloutMonitor(release, readiness, routing);
        this.batches = new HostBatches(release, monitor::broke);
        this.context = new RolloutContext(release, routing, readiness, hooks, monitor);
        this.canaries = new CanaryRollout(release, routing, readiness, gates, hooks);
    }

    /** Replaces every service's replicas, in the plan's order of services, then waits for their watches. */
    void replaceAll() {
        for (Service service : release.plan.services()) {
            replace(service);
        }
        monitor.awaitAll();
    }

    /** The undo's first step: no watch goes on, and a replica that broke while watched serves no more. */
    void stopWatching() {
        monitor.stopWatching();
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
                service, version, selector, inUpstream, image, previousVersion, service.replacementOrder());
        // A rollback or a migration has no canary: back to a version that served, in canary.then's order.
        Canaries canary = service.hasCanary() && release.kind == ReleaseKind.DEPLOY ? canaries.run(rollout) : null;
        batches.forEachReplica(service, index -> {
            Replica replica = begin(rollout, index);
            strategyFor(replica).replace(replica);
        });
        if (canary != null) {
            canaries.retire(rollout, canary, false);
        }
    }

    /** Holds while the run is paused, then registers the replica's undo before anything changes. */
    private Replica begin(ServiceRollout rollout, int index) {
        Service service = rollout.service();
        String name = service.replicaName(release.plan.project(), release.environment.name(), index);
        Host host = release.hostOf(name);
        String step = Workflow.randomUUID().toString();
        String where = name + " (" + index + "/" + service.replicas() + ")"
                + (release.environment.spreads() ? " on " + host.name() : "");
        monitor.throwIfBroken();
        gates.holdWhilePaused(
                service.name(), index, release.replaced.size(), release.replicasTotal, where, monitor::broke);
        monitor.throwIfBroken();
        Replica replica = new Replica(
                rollout, index, name, host, step, where, rollout.inUpstream().contains(name), new ArrayList<>(1));
        release.compensations.add(
                ReleaseStep.ROLLOUT,
                replica.hadOld()
                        ? "put " + name + " back on " + rollout.previousVersion()
                        : "remove " + name + ", new in " + rollout.version(),
                () -> {
                    replica.oldStopping().forEach(ReplicaRollout::awaitEitherWay);
                    return undo(replica);
                });
        return replica;
    }

    /** The service's order; a replica that had no old copy has nothing to overlap with, and starts stop-first. */
    private ReplacementStrategy strategyFor(Replica replica) {
        return ReplacementStrategy.of(replica.hadOld() ? replica.rollout().order() : UpdateOrder.STOP_FIRST, context);
    }

    /**
     * Undoes one replica's replacement the way it was done, so traffic never reaches a stopped
     * container: out of the upstream, the old container back under its name, probed, back in.
     */
    private String undo(Replica replica) {
        Service service = replica.service();
        TreeSet<String> inUpstream = replica.upstream();
        String name = replica.name();
        if (inUpstream.remove(name)) {
            context.routing().route(service, inUpstream, "drain " + name + " (undo)", UNDO_QUICK);
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
                    .restoreReplica(new RestoreReplicaRequest(
                            host, name, replica.step(), replica.hadOld(), service.stopGracePeriod()));
        } catch (ActivityFailure failed) {
            release.lostHosts.addAll(LostHosts.in(failed));
            throw failed;
        }
        if (!replica.hadOld()) {
            return restored.summary();
        }
        HealthReport health = context.readiness()
                .await(
                        service,
                        name,
                        RelmanActivityOptions.compensating(RelmanActivityOptions.health(service.healthDeadline())),
                        "probe " + name + " (undo)");
        // Start-first: the old replica served on under its kept name until now.
        inUpstream.remove(ContainerNames.kept(name));
        inUpstream.add(name);
        context.routing().route(service, inUpstream, "return " + name + " (undo)", UNDO_QUICK);
        return restored.summary() + "; " + Readiness.after(service, health)
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
}
