package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.CanaryActivities;
import io.relman.docker.CanaryRequest;
import io.relman.docker.ContainerNames;
import io.relman.health.HealthReport;
import io.relman.nginx.CanaryWeights;
import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.Durations;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A service's canary ({@code update_order: canary}): its canaries started beside the current replicas,
 * made like the first of them, probed, their {@code before_traffic} hooks run; then the plan's steps walked
 * (a share of the traffic through nginx's weights; a durable pause, watched, which {@code relman promote}
 * ends). Once the steps are done the canaries serve at a replica's share while the replicas are replaced,
 * and go last ({@link #retire}). Their undo is registered first, so it runs after every replica's: weight 0
 * (out of nginx), then removed.
 */
final class CanaryRollout {

    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Release release;
    private final Routing routing;
    private final Readiness readiness;
    private final ReleaseGates gates;
    private final ReleaseHooks hooks;
    private final CanaryPause pauses;

    CanaryRollout(Release release, Routing routing, Readiness readiness, ReleaseGates gates, ReleaseHooks hooks) {
        this.release = release;
        this.routing = routing;
        this.readiness = readiness;
        this.gates = gates;
        this.hooks = hooks;
        this.pauses = new CanaryPause(release, readiness, gates);
    }

    /**
     * Starts the service's canaries and walks its steps; then they serve beside the replicas, at a replica's
     * share, in {@code rollout}'s upstream. None when no replica runs: there is nothing to compare them with.
     */
    Canaries run(ServiceRollout rollout) {
        Service service = rollout.service();
        Canary canary = service.canary();
        TreeSet<String> current = new TreeSet<>(rollout.inUpstream());
        if (current.isEmpty()) {
            report(
                    rollout,
                    "no replica of " + service.name() + " runs: there is nothing to compare a canary with, so"
                            + " its replicas are replaced " + canary.then().planName() + " without one");
            return new Canaries(List.of());
        }
        List<String> names = new ArrayList<>();
        for (int n = 1; n <= canary.replicas(); n++) {
            names.add(ContainerNames.canary(release.plan.project(), release.environment.name(), service.name(), n));
        }
        Canaries canaries = new Canaries(names);
        release.compensations.add(
                ReleaseStep.ROLLOUT,
                "take the canaries of " + service.name() + " out of nginx and remove them",
                () -> retire(rollout, canaries, true));
        gates.canaryRunning(true);
        try {
            start(rollout, canaries, current.first());
            pauses.markLog(rollout.service(), canaries);
            walk(rollout, canaries, current);
        } finally {
            gates.canaryRunning(false);
        }
        rollout.inUpstream().addAll(canaries.names);
        routing.route(
                service,
                rollout.inUpstream(),
                "promote: the canaries at a replica's share",
                RelmanActivityOptions.quick());
        report(
                rollout,
                "promoted: " + String.join(", ", canaries.names) + " serve at a replica's share while every"
                        + " replica of " + service.name() + " is replaced "
                        + canary.then().planName());
        return canaries;
    }

    /** Takes the canaries out of nginx and removes them: after the replicas were replaced, or in the undo. */
    String retire(ServiceRollout rollout, Canaries canaries, boolean undo) {
        if (canaries.removed || canaries.names.isEmpty()) {
            return "no canary was left";
        }
        Service service = rollout.service();
        String why = undo ? " (undo)" : ", now that every replica runs " + rollout.version();
        boolean routed = routing.replicasRouted(service)
                .map(replicas -> replicas.stream().anyMatch(canaries.names::contains))
                .orElse(false);
        rollout.inUpstream().removeAll(canaries.names);
        if (routed) {
            routing.route(service, rollout.inUpstream(), "take the canaries out" + why, options(undo, quick()));
        }
        List<String> removed = new ArrayList<>();
        for (String name : canaries.names) {
            removed.add(stub(
                            CanaryActivities.class,
                            options(undo, RelmanActivityOptions.stop(service.stopGracePeriod())),
                            "remove " + name + why)
                    .remove(release.host(), name, service.stopGracePeriod()));
        }
        canaries.removed = true;
        return (routed ? "out of nginx; " : "") + String.join("; ", removed);
    }

    private static ActivityOptions options(boolean undo, ActivityOptions forward) {
        return undo ? RelmanActivityOptions.compensating(forward) : forward;
    }

    private static ActivityOptions quick() {
        return RelmanActivityOptions.quick();
    }

    private void start(ServiceRollout rollout, Canaries canaries, String madeLike) {
        Service service = rollout.service();
        String step = Workflow.randomUUID().toString();
        for (String name : canaries.names) {
            report(rollout, "starting canary " + name + " from " + rollout.image() + ", made like " + madeLike);
            stub(CanaryActivities.class, RelmanActivityOptions.quick(), "start canary " + name)
                    .start(new CanaryRequest(
                            release.host(),
                            name,
                            madeLike,
                            rollout.image(),
                            step,
                            release.containerEnv(service),
                            service.secretEnv(),
                            ContainerNames.canaryLabels(
                                    rollout.selector(), rollout.version(), Release.workflowId(), step)));
            HealthReport health = readiness.awaitNew(
                    service, name, RelmanActivityOptions.health(service.healthDeadline()), "probe canary " + name);
            hooks.beforeTraffic(service, release.host(), name, event -> report(rollout, event));
            report(
                    rollout,
                    "canary " + name + " is ready (" + Readiness.after(service, health) + "); it gets no"
                            + " traffic until the first weight");
        }
    }

    private void walk(ServiceRollout rollout, Canaries canaries, TreeSet<String> current) {
        Service service = rollout.service();
        TreeSet<String> canaryNames = new TreeSet<>(canaries.names);
        int percent = 0;
        for (CanaryStep step : service.canary().steps()) {
            if (step.setsWeight()) {
                gates.holdWhilePaused(
                        service.name(),
                        0,
                        release.replaced.size(),
                        release.replicasTotal,
                        "the canaries' " + step.weight() + "%",
                        () -> false);
                percent = step.weight();
                routing.routeWeighted(
                        service,
                        current,
                        canaryNames,
                        percent,
                        "send " + percent + "% of " + service.name() + "'s traffic to the canaries",
                        RelmanActivityOptions.quick());
                CanaryWeights weights = CanaryWeights.of(percent, current.size(), canaryNames.size());
                report(
                        rollout,
                        "the canaries get " + percent + "% of " + service.name() + "'s traffic (nginx weight "
                                + weights.canary() + " each, " + weights.current() + " for each of the "
                                + current.size()
                                + " replicas on " + rollout.previousVersion() + ")");
                continue;
            }
            String env = release.environment.name();
            String ends = step.untilPromoted()
                    ? "until relman promote " + env
                    : "for " + Durations.text(step.pause()) + ", until "
                            + CLOCK.format(Instant.ofEpochMilli(
                                    Workflow.currentTimeMillis() + step.pause().toMillis()))
                            + " (relman promote " + env + " ends it now)";
            report(
                    rollout,
                    "canary paused at " + percent + "% " + ends + "; relman abort " + env
                            + " takes the canaries out and removes them");
            String promotedBy = pauses.hold(service, canaries, step, percent);
            report(
                    rollout,
                    promotedBy == null
                            ? "the canary's pause at " + percent + "% is over"
                            : "promoted by " + promotedBy + " at " + percent + "%");
        }
    }

    private void report(ServiceRollout rollout, String event) {
        release.progress.report(
                ReleaseStep.ROLLOUT,
                rollout.service().name(),
                0,
                release.replaced.size(),
                release.replicasTotal,
                event);
    }
}
