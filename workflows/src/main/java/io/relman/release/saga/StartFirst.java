package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.DockerActivities;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;

/**
 * Start-first: the old copy is set aside under its kept name, still serving; the new one starts next to
 * it, is probed and added; then the old one is drained and stopped. A surge of one replica.
 */
record StartFirst(RolloutContext context) implements ReplacementStrategy {
    @Override
    public void replace(Replica replica) {
        Service service = replica.service();
        String name = replica.name();
        String keptAs = context.setAside(replica, "still serving");
        // The same container under its kept name, so that the new one can take the name.
        replica.upstream().remove(name);
        replica.upstream().add(keptAs);
        context.routing()
                .route(service, replica.upstream(), "follow " + name + " to " + keptAs, RelmanActivityOptions.quick());
        context.report(
                replica,
                name + (service.servesTraffic() ? " serves" : " runs") + " on as " + keptAs + "; starting "
                        + replica.rollout().image() + " as " + replica.where() + " next to it");
        RolloutContext.Started started = context.start(replica, "add ");
        context.report(
                replica,
                service.servesTraffic()
                        ? "draining " + keptAs + ", now that " + name + " serves"
                        : "stopping " + keptAs + ", now that " + name + " is up");
        replica.upstream().remove(keptAs);
        context.routing().route(service, replica.upstream(), "drain " + keptAs, RelmanActivityOptions.quick());
        stub(DockerActivities.class, RelmanActivityOptions.stop(service.stopGracePeriod()), "stop " + keptAs)
                .stopKept(replica.keep());
        context.replaced(replica, started, keptAs, "in", "; " + keptAs + " stopped");
    }
}
