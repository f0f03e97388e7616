package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.DockerActivities;
import io.relman.docker.StopReplicaRequest;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * Drain-first: the old copy leaves the upstream and is set aside under its kept name, and stops while the
 * new one starts under its name: the traffic of stop-first, without waiting for the stop.
 */
record DrainFirst(RolloutContext context) implements ReplacementStrategy {
    @Override
    public void replace(Replica replica) {
        Service service = replica.service();
        String name = replica.name();
        replica.upstream().remove(name);
        context.report(replica, "draining " + replica.where());
        context.routing().route(service, replica.upstream(), "drain " + name, RelmanActivityOptions.quick());
        String keptAs = context.setAside(replica, "drained");
        StopReplicaRequest keep = replica.keep();
        DockerActivities stopper =
                stub(DockerActivities.class, RelmanActivityOptions.stop(service.stopGracePeriod()), "stop " + keptAs);
        // Not cancelled by an abort: the undo that follows puts this container back, after its stop ended.
        Workflow.newDetachedCancellationScope(() -> replica.oldStopping().add(Async.procedure(stopper::stopKept, keep)))
                .run();
        context.report(
                replica,
                "drained; stopping it as " + keptAs + " while "
                        + replica.rollout().image() + " starts as " + replica.where() + " (drain-first)");
        RolloutContext.Started started = context.start(replica, "return ");
        // Only a replica whose old copy has stopped counts as replaced (a stop that fails fails the release).
        replica.oldStopping().forEach(Promise::get);
        context.replaced(replica, started, keptAs, "back in", "");
    }
}
