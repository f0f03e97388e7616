package io.relman.release.saga;

import io.relman.health.HealthReport;
import io.relman.plan.Durations;
import io.relman.plan.HealthCheck;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code healthcheck.monitor}: each new replica that passed is watched for a while, in a cancellation scope
 * of its own, while the rollout goes on. The rollout asks {@link #throwIfBroken()} before it touches another
 * replica (and a pause ends when one broke), waits for every watch after the last replica, and the undo
 * cancels the watches and drains the broken replica first ({@link #stopWatching}). A plan without
 * {@code monitor} starts no watch, so its runs' commands are what they were before it.
 */
final class RolloutMonitor {
    private static final ActivityOptions UNDO_QUICK = RelmanActivityOptions.compensating(RelmanActivityOptions.quick());

    private final Release release;
    private final Readiness readiness;
    private final Routing routing;
    private final List<Watch> watches = new ArrayList<>();
    private Broken broken;
    private boolean stopped;

    /** The first replica whose watch failed, and how. */
    record Broken(Replica replica, RuntimeException failure) {}

    private record Watch(Replica replica, CancellationScope scope, Promise<HealthReport> result) {}

    RolloutMonitor(Release release, Readiness readiness, Routing routing) {
        this.release = release;
        this.readiness = readiness;
        this.routing = routing;
    }

    /** Whether the service's new replicas are watched once they pass. */
    static boolean watches(Service service) {
        return service.servesTraffic()
                && service.healthcheck() != null
                && service.healthcheck().monitors();
    }

    /** Starts watching {@code replica}, which passed and is in the upstream, if its service asks for it. */
    void watch(Replica replica) {
        Service service = replica.service();
        if (!watches(service)) {
            return;
        }
        HealthCheck check = service.healthcheck();
        CompletablePromise<HealthReport> result = Workflow.newPromise();
        CancellationScope scope = Workflow.newCancellationScope(() -> result.completeFrom(readiness.watch(
                service,
                replica.name(),
                RelmanActivityOptions.watch(check.monitor()),
                "watch " + replica.name() + " for " + Durations.text(check.monitor()))));
        scope.run();
        result.handle((report, failure) -> {
            if (failure != null && !stopped && broken == null && !canceled(failure)) {
                broken = new Broken(replica, failure);
            }
            return null;
        });
        watches.add(new Watch(replica, scope, result));
    }

    /** Whether a watched replica broke: a pause, or the wait between hosts, ends then. */
    boolean broke() {
        return broken != null;
    }

    /** Fails the release with the watch's failure once a watched replica broke. */
    void throwIfBroken() {
        if (broken != null) {
            throw broken.failure();
        }
    }

    /** After the last replica: waits until every watch has ended, and fails if one replica broke. */
    void awaitAll() {
        if (watches.isEmpty()) {
            return;
        }
        release.progress.report(
                ReleaseStep.ROLLOUT,
                null,
                0,
                release.replaced.size(),
                release.replicasTotal,
                "every replica is replaced; watching the last "
                        + watches.stream()
                                .filter(watch -> !watch.result().isCompleted())
                                .count()
                        + " until their watch ends");
        Workflow.await(() -> broken != null
                || watches.stream().allMatch(watch -> watch.result().isCompleted()));
        throwIfBroken();
    }

    /**
     * The undo's first step: cancels the watches that run (it does not wait: a watch changes nothing), then
     * takes the broken replica out of nginx while at least two others serve, so that it serves no request while
     * the undo puts the others back first.
     */
    void stopWatching() {
        stopped = true;
        watches.stream()
                .filter(watch -> !watch.result().isCompleted())
                .forEach(watch -> watch.scope().cancel("the release is being undone"));
        if (broken == null) {
            return;
        }
        Replica replica = broken.replica();
        TreeSet<String> upstream = replica.upstream();
        if (upstream.size() > 2 && upstream.remove(replica.name())) {
            try {
                routing.route(replica.service(), upstream, "drain " + replica.name() + " (it broke)", UNDO_QUICK);
                release.progress.reportWhereItIs("drained " + replica.name() + ", which broke, before the undo");
            } catch (TemporalFailure failed) {
                // Its own undo drains it again; the undo must not stop here.
                upstream.add(replica.name());
                release.progress.reportWhereItIs("could not drain " + replica.name() + " before the undo: "
                        + failed.getMessage() + "; the undo goes on");
            }
        }
    }

    private static boolean canceled(Throwable failure) {
        return failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure;
    }
}
