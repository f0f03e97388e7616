package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.CanaryActivities;
import io.relman.health.HealthReport;
import io.relman.nginx.CanaryTraffic;
import io.relman.nginx.CanaryTrafficQuery;
import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.CanaryAnalysis;
import io.relman.plan.Durations;
import io.relman.plan.HealthCheck;
import io.relman.plan.LoadBalancer;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.temporal.FailureType;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A canary's pause: durable, ended by its time, {@code relman promote} or an abort; every canary watched
 * meanwhile (its container, its health check), and, with {@code canary.analysis}, judged every interval by
 * what nginx's upstream log says of its requests. A canary that breaks, or a verdict against the plan's
 * thresholds, fails the release, which undoes the canary.
 */
final class CanaryPause {
    /** A canary's watch outlasts its pause by this much, so that the pause's end, not the watch's, ends it. */
    private static final Duration WATCH_SLACK = Duration.ofMinutes(1);

    private final Release release;
    private final Readiness readiness;
    private final ReleaseGates gates;

    CanaryPause(Release release, Readiness readiness, ReleaseGates gates) {
        this.release = release;
        this.readiness = readiness;
        this.gates = gates;
    }

    /**
     * Marks where nginx's upstream log ends, before the canaries get any traffic: the first look counts from
     * there. A log nginx does not write refuses the release now, with the lines to add.
     */
    void markLog(Service service, Canaries canaries) {
        if (service.canary().analysis() != null) {
            analyse(service, canaries, service.canary().analysis(), 0);
        }
    }

    /**
     * Holds a pause while every canary is watched (its container exiting or restarting, {@code failures}
     * probes in a row failing): one that breaks ends the pause and fails the release, which undoes it. Who
     * promoted the pause, or null.
     */
    String hold(Service service, Canaries canaries, CanaryStep step, int percent) {
        Duration pause = step.untilPromoted() ? null : step.pause();
        CanaryAnalysis analysis = service.canary().analysis();
        Duration every = analysis == null ? null : analysis.interval();
        int[] looks = {0};
        Runnable look = () -> {
            if (++looks[0] > CanaryAnalysis.MAX_LOOKS) {
                // A pause until promoted that nobody promoted: undone, before its history outgrows Temporal's limit.
                throw FailureType.CANARY_ANALYSIS_FAILED.failure("nobody promoted the canary at " + percent + "% in "
                        + CanaryAnalysis.MAX_LOOKS + " looks of its analysis ("
                        + Durations.text(analysis.interval().multipliedBy(CanaryAnalysis.MAX_LOOKS))
                        + "); deploy again to try again");
            }
            analyse(service, canaries, analysis, percent);
        };
        HealthCheck check = service.healthcheck();
        if (check == null) {
            return gates.holdCanaryPause(pause, () -> false, every, look);
        }
        Duration length = (pause == null ? Canary.LONGEST_PAUSE : pause).plus(WATCH_SLACK);
        HealthCheck watched = new HealthCheck(
                check.path(),
                check.interval(),
                check.timeout(),
                check.deadline(),
                check.failures(),
                check.startPeriod(),
                length);
        List<Promise<HealthReport>> watches = new ArrayList<>();
        CancellationScope watching = Workflow.newCancellationScope(() -> canaries.names.forEach(name -> watches.add(
                readiness.watch(service, name, watched, RelmanActivityOptions.watch(length), "watch canary " + name))));
        watching.run();
        try {
            String promotedBy =
                    gates.holdCanaryPause(pause, () -> broken(watches).isPresent(), every, look);
            Optional<RuntimeException> broke = broken(watches);
            if (broke.isPresent()) {
                throw broke.get();
            }
            return promotedBy;
        } finally {
            watching.cancel("the canary's pause is over");
        }
    }

    /**
     * One look of the canary's analysis: the canaries' requests in nginx's upstream log since the last look,
     * judged by the plan's thresholds; a verdict against them fails the release, which undoes the canary.
     */
    private void analyse(Service service, Canaries canaries, CanaryAnalysis analysis, int percent) {
        LoadBalancer lb = release.environment.loadBalancer();
        CanaryTraffic traffic = stub(
                        CanaryActivities.class,
                        RelmanActivityOptions.quick(),
                        "analyse the canaries at " + percent + "%")
                .traffic(new CanaryTrafficQuery(
                        release.environment.loadBalancerHost(),
                        lb.container(),
                        analysis.log(),
                        canaries.logOffset,
                        release.host(),
                        canaries.names,
                        service.port()));
        boolean first = canaries.logOffset < 0;
        canaries.logOffset = traffic.nextOffset();
        if (first) {
            return;
        }
        CanaryTraffic.Verdict verdict = traffic.judge(analysis);
        if (verdict.fails()) {
            throw FailureType.CANARY_ANALYSIS_FAILED.failure(
                    "the canary's analysis at " + percent + "% failed: " + verdict.text());
        }
        release.progress.report(
                ReleaseStep.ROLLOUT,
                service.name(),
                0,
                release.replaced.size(),
                release.replicasTotal,
                "analysis at " + percent + "%: " + verdict.text());
    }

    private static Optional<RuntimeException> broken(List<Promise<HealthReport>> watches) {
        return watches.stream()
                .filter(watch -> watch.isCompleted() && watch.getFailure() != null)
                .map(Promise::getFailure)
                .findFirst();
    }
}
