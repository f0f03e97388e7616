package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.health.UpCheck;
import io.relman.plan.HealthCheck;
import io.relman.plan.Host;
import io.relman.plan.Service;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;

/**
 * Every probe of a replica, in one place: the rollout waits for a new replica to be ready, the pre-flight
 * checks the running ones once, the verification after a migration waits for them again. A replica is
 * probed where the load balancer would reach it, so that a probe that passes means nginx reaches it too.
 */
final class Readiness {
    private final Release release;

    Readiness(Release release) {
        this.release = release;
    }

    /**
     * Waits until a new replica of the release is ready for work: a service with a port answers its health
     * check from the load balancer's network (its {@code failures} may call it broken early); one without is
     * up ({@link UpCheck}).
     */
    HealthReport awaitNew(Service service, String name, ActivityOptions options, String summary) {
        return await(service, name, options, summary, service.healthcheck());
    }

    /**
     * Waits until a replica that served before (a kept one an undo starts again, a running one after a
     * migration) is ready: only the deadline decides, so one that answers 503 while it warms up is not
     * called broken by {@code failures} in the middle of an undo.
     */
    HealthReport await(Service service, String name, ActivityOptions options, String summary) {
        HealthCheck check = service.healthcheck();
        return await(service, name, options, summary, check == null ? null : check.deadlineOnly());
    }

    private HealthReport await(
            Service service, String name, ActivityOptions options, String summary, HealthCheck check) {
        HealthActivities health = stub(HealthActivities.class, options, summary);
        return service.servesTraffic()
                ? health.awaitHealthy(probe(service, name, check))
                : health.awaitUp(
                        new UpCheck(release.hostOf(name), name, service.minUptime(), service.healthDeadline()));
    }

    /** Watches a new replica of a service with a port that passed, for its check's {@code monitor}. */
    Promise<HealthReport> watch(Service service, String name, ActivityOptions options, String summary) {
        return watch(service, name, service.healthcheck(), options, summary);
    }

    /** The same, by {@code check} (its {@code monitor} the watch's length) rather than the service's own. */
    Promise<HealthReport> watch(
            Service service, String name, HealthCheck check, ActivityOptions options, String summary) {
        HealthActivities health = stub(HealthActivities.class, options, summary);
        return Async.function(health::watchHealthy, probe(service, name, check));
    }

    /** Asks a running replica of a service with a port once, without waiting: it answers now or fails. */
    void checkNow(Service service, String name) {
        stub(HealthActivities.class, RelmanActivityOptions.quick(), "check " + name + " is healthy")
                .checkNow(probe(service, name, service.healthcheck()));
    }

    /** A service with a port is healthy (its health check answered); one without is up. */
    static String after(Service service, HealthReport health) {
        return (service.servesTraffic() ? "healthy" : "up") + " after " + health.elapsedMillis() + " ms";
    }

    /** A probe of {@code name} from the load balancer, where the load balancer reaches it. */
    private HealthProbeRequest probe(Service service, String name, HealthCheck check) {
        Host host = release.hostOf(name);
        Host probeFrom = release.environment.loadBalancerHost();
        return new HealthProbeRequest(
                probeFrom,
                release.environment.loadBalancer().container(),
                name,
                service.port(),
                check,
                host.equals(probeFrom) ? null : host,
                release.environment.spreads() ? release.serverOf(service, name) : null);
    }
}
