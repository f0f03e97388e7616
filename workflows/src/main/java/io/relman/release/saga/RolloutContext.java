package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ContainerNames;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaContainer;
import io.relman.health.HealthReport;
import io.relman.plan.Durations;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.release.ReplacedReplica;
import io.relman.temporal.RelmanActivityOptions;

/**
 * What every update order works with: the release, the routing, the probes and the hooks of the run, and
 * the steps every order takes the same way (the new replica started, probed, its {@code before_traffic}
 * hooks run, routed to, and watched if the plan asks; the replica counted).
 */
record RolloutContext(
        Release release, Routing routing, Readiness readiness, ReleaseHooks hooks, RolloutMonitor monitor) {
    /** Renames the old copy to its kept name, still running, so that the new one can take the name. */
    String setAside(Replica replica, String how) {
        return stub(DockerActivities.class, RelmanActivityOptions.quick(), "set " + replica.name() + " aside, " + how)
                .setAside(replica.keep())
                .keptAs();
    }

    /** The new copy of a replica: its container, and how long it took to be ready. */
    record Started(ReplicaContainer container, HealthReport health) {}

    /**
     * Creates the new copy under the replica's name, waits until it is ready, runs its {@code before_traffic}
     * hooks in it, and routes to it;
     * {@code verb} says how it joins the upstream ("add " next to the old copy, or "return ").
     */
    Started start(Replica replica, String verb) {
        Service service = replica.service();
        ServiceRollout rollout = replica.rollout();
        String name = replica.name();
        ReplicaContainer created = stub(
                        DockerActivities.class,
                        RelmanActivityOptions.quick(),
                        "create " + name + " from " + rollout.image())
                .createReplica(new CreateReplicaRequest(
                        replica.host(),
                        name,
                        rollout.image(),
                        replica.step(),
                        release.environment.network(),
                        release.containerEnv(service),
                        service.secretEnv(),
                        ContainerNames.labels(
                                rollout.selector(),
                                replica.index(),
                                rollout.version(),
                                Release.workflowId(),
                                replica.step()),
                        published(service, name)));
        report(replica, "probing " + replica.where());
        HealthReport health = readiness.awaitNew(
                service, name, RelmanActivityOptions.health(service.healthDeadline()), "probe " + name);
        hooks.beforeTraffic(replica, event -> report(replica, event));
        replica.upstream().add(name);
        routing.route(service, replica.upstream(), verb + name, RelmanActivityOptions.quick());
        monitor.watch(replica);
        return new Started(created, health);
    }

    /**
     * Counts the replica replaced and says so: {@code inLoadBalancer} is "in" for a copy that joined the
     * old one, "back in" for one that took its place; {@code andThen} what the order did after.
     */
    void replaced(Replica replica, Started started, String keptAs, String inLoadBalancer, String andThen) {
        Service service = replica.service();
        String version = replica.rollout().version();
        release.replaced.add(new ReplacedReplica(
                service.name(),
                replica.name(),
                started.container().containerId(),
                keptAs,
                started.health().elapsedMillis()));
        report(
                replica,
                replica.where()
                        + (service.servesTraffic()
                                ? " is " + inLoadBalancer + " the load balancer on " + version
                                : " runs " + version)
                        + " (" + Readiness.after(service, started.health())
                        + (RolloutMonitor.watches(service)
                                ? "; watched for "
                                        + Durations.text(service.healthcheck().monitor()) + " while the rollout goes on"
                                : "")
                        + ")" + andThen);
    }

    void report(Replica replica, String event) {
        release.progress.report(
                ReleaseStep.ROLLOUT,
                replica.service().name(),
                replica.index(),
                release.replaced.size(),
                release.replicasTotal,
                event);
    }

    /** What a new replica publishes: its port on its host's address when it runs spread over hosts. */
    private CreateReplicaRequest.PublishedPort published(Service service, String name) {
        Integer port = release.publishedPortOf(name);
        return port == null
                ? null
                : new CreateReplicaRequest.PublishedPort(release.hostOf(name).address(), port, service.port());
    }
}
