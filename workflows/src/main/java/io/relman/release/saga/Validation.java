package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.health.EndpointCheck;
import io.relman.health.HealthActivities;
import io.relman.health.HealthReport;
import io.relman.plan.HealthCheck;
import io.relman.plan.LoadBalancer;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import java.util.List;

/**
 * The validate step: the plan's critical endpoints, through the load balancer, after the rollout; and,
 * after a migration alone, the replicas that ran before, probed on the new schema. A release that does
 * not pass is undone.
 */
final class Validation {
    private final Release release;
    private final Readiness readiness;

    Validation(Release release) {
        this.release = release;
        this.readiness = new Readiness(release);
    }

    void requestEndpoints() {
        if (!release.versions.checks()) {
            return;
        }
        int total = release.replicasTotal;
        for (Service service : release.plan.services()) {
            if (service.validate().isEmpty()) {
                continue;
            }
            LoadBalancer lb = release.environment.loadBalancer();
            String endpoints = String.join(", ", service.validate());
            release.progress.report(
                    ReleaseStep.VALIDATE,
                    service.name(),
                    0,
                    total,
                    total,
                    "requesting " + endpoints + " through " + lb.container());
            HealthReport answered = stub(
                            HealthActivities.class,
                            RelmanActivityOptions.health(service.validateDeadline()),
                            "validate " + endpoints)
                    .validateEndpoints(new EndpointCheck(
                            release.environment.loadBalancerHost(),
                            lb.container(),
                            lb.port(),
                            service.validate(),
                            HealthCheck.DEFAULT_TIMEOUT,
                            service.validateDeadline()));
            release.progress.report(
                    ReleaseStep.VALIDATE,
                    service.name(),
                    0,
                    total,
                    total,
                    endpoints + " answered 2xx through the load balancer (" + answered.attempts() + " request(s))");
        }
    }

    /**
     * After a migration alone, the release that runs must still work on the new schema (the expand half
     * of expand/contract): every replica that ran before is probed; one that is not healthy fails the
     * run, which undoes the migration.
     */
    void probeRunningReplicas() {
        for (Service service : release.plan.services()) {
            for (String name : release.runningBefore.getOrDefault(service.name(), List.of())) {
                release.progress.report(
                        ReleaseStep.VERIFY, service.name(), "probing " + name + " on the migrated schema");
                HealthReport health = readiness.await(
                        service,
                        name,
                        RelmanActivityOptions.health(service.healthDeadline()),
                        "verify " + name + " on the new schema");
                release.progress.report(
                        ReleaseStep.VERIFY,
                        service.name(),
                        name + " is healthy (after " + health.elapsedMillis() + " ms)");
            }
        }
    }
}
