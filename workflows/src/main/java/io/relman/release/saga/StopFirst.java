package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.DockerActivities;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;

/**
 * Stop-first: the old copy leaves the upstream, stops and is kept, then the new one starts under its name,
 * is probed and returns; the service runs one replica short meanwhile. Also how a replica that had no old
 * copy starts, whatever the order.
 */
record StopFirst(RolloutContext context) implements ReplacementStrategy {
    @Override
    public void replace(Replica replica) {
        Service service = replica.service();
        String name = replica.name();
        if (replica.upstream().remove(name) && service.servesTraffic()) {
            context.report(replica, "draining " + replica.where());
            context.routing().route(service, replica.upstream(), "drain " + name, RelmanActivityOptions.quick());
        }
        String keptAs = stub(
                        DockerActivities.class,
                        RelmanActivityOptions.stop(service.stopGracePeriod()),
                        "stop and keep " + name)
                .stopAndKeep(replica.keep())
                .keptAs();
        context.report(
                replica,
                (keptAs == null ? "" : "stopped and kept as " + keptAs + "; ") + "starting "
                        + replica.rollout().image() + " as " + replica.where());
        RolloutContext.Started started = context.start(replica, "return ");
        context.replaced(replica, started, keptAs, "back in", "");
    }
}
