package io.relman.release.saga;

import io.relman.docker.ContainerNames;
import io.relman.plan.Durations;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import io.relman.release.ReleaseKind;

/** What a dry run says of a service's rollout: its canary, each replica in its order, the watch after. */
final class RolloutDryRun {
    private RolloutDryRun() {}

    /** The lines of the rollout of {@code service}: one per replica, in the service's update order. */
    static void lines(ReleaseDryRun dry, Service service) {
        LoadBalancer lb = dry.environment.loadBalancer();
        if (service.servesTraffic()) {
            dry.touch(lb.container() + " (rewrites " + lb.fileOf(service.upstream()) + ", upstream "
                    + service.upstream() + "; nginx -t; reload)");
        }
        String ready = service.servesTraffic()
                ? "probe " + service.healthcheck().path() + " on port " + service.port()
                : "wait until it is up (its Docker HEALTHCHECK, else " + Durations.text(service.minUptime())
                        + " running)";
        ready += " (deadline " + service.healthDeadline().toSeconds() + "s)" + dry.beforeTraffic(service);
        String image = service.imageAt(dry.version);
        if (service.hasCanary() && dry.kind == ReleaseKind.DEPLOY) {
            dry.add("start " + service.canary().count() + " of " + service.name() + " from " + image
                    + " beside its replicas (made like the first, no host port), " + ready + ", then in "
                    + lb.container() + " by weight: " + service.canary().describeSteps()
                    + "; then they serve at a replica's share while the replicas are replaced "
                    + service.canary().then().planName() + ", and are removed last");
            for (int n = 1; n <= service.canary().replicas(); n++) {
                dry.touch(ContainerNames.canary(dry.plan.project(), dry.environment.name(), service.name(), n)
                        + " (a canary: created, then removed)");
            }
        }
        for (int index = 1; index <= service.replicas(); index++) {
            String name = service.replicaName(dry.plan.project(), dry.environment.name(), index);
            String kept = ContainerNames.kept(name);
            String grace = "grace " + service.stopGracePeriod().toSeconds() + "s";
            String from = service.servesTraffic() ? " from " + lb.container() : "";
            dry.add(
                    service.replacementOrder() == UpdateOrder.START_FIRST
                            ? "replace " + name + " start-first: rename it " + kept + " (still "
                                    + (service.servesTraffic() ? "serving" : "running") + "), create " + name + " from "
                                    + image + " next to it, " + ready
                                    + (service.servesTraffic()
                                            ? ", add it to " + lb.container() + ", then drain " + kept
                                                    + " and stop it ("
                                            : ", then stop " + kept + " (")
                                    + grace + ")"
                            : service.replacementOrder() == UpdateOrder.DRAIN_FIRST
                                    ? "replace " + name + " drain-first: drain it" + from + ", rename it " + kept
                                            + " and stop it (" + grace + ") while " + name + " is created from "
                                            + image + ", " + ready + ", return it"
                                    : "replace " + name + ": "
                                            + (service.servesTraffic() ? "drain it" + from + ", " : "")
                                            + "stop it (" + grace + ") and keep it as " + kept + ", create it from "
                                            + image + ", " + ready
                                            + (service.servesTraffic() ? ", return it" : ""));
            dry.touch(name + " (replaced; the old one kept as " + kept + ")");
        }
        if (service.servesTraffic() && service.healthcheck().monitors()) {
            dry.add("watch each new replica of " + service.name() + " for "
                    + Durations.text(service.healthcheck().monitor()) + " once it is in " + lb.container()
                    + ", while the rollout goes on: its container exiting or restarting, or "
                    + service.healthcheck().monitorFailures() + " probes in a row failing, fails the release"
                    + " (undone); the rollout ends when the last watch does");
        }
    }
}
