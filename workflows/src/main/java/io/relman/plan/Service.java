package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A service of the stack: an image (built from the service's Dockerfile, or built elsewhere and already
 * on the engine), run as {@code replicas} identical containers. A service with a {@code port} serves it
 * behind the environment's load balancer, in its own upstream; one without (a queue worker, a scheduler)
 * is up when its image's Docker HEALTHCHECK says healthy, or else once it has run {@code minUptime}.
 *
 * @param build how to build the image, or null when it is built elsewhere (CI): then {@code image:VERSION}
 *     must be on the engine
 * @param port the port its replicas listen on, or null for a service without one
 * @param healthcheck the HTTP check of a service with a port; for one without, only its deadline counts
 *     (null: the default deadline)
 * @param secretEnv container variable name to the name of the worker's environment variable that
 *     holds its value: the value itself never enters a workflow's history
 * @param migration the app's own migration command, or null when the service has none
 * @param validate the service's critical endpoints (paths), requested through the load balancer after
 *     a release: each must answer 2xx, or the release is undone
 * @param updateOrder how each replica is replaced; null (a plan from before it existed) means stop-first
 * @param validateDeadline how long the endpoints may take to answer 2xx after the last reload
 * @param replicaNames the template of the replicas' container names ({@link ReplicaNames}); null means
 *     relman's own, {@link ReplicaNames#DEFAULT}
 * @param upstream the nginx upstream of a service with a port; null means the service's name
 * @param minUptime how long a replica of a service without a port and without a Docker HEALTHCHECK must
 *     run, without restarting, to count as up
 * @param hooks the commands run around its release ({@link HookPhase}); null means none
 * @param maintenance what of the environment's maintenance page it changes for this service, or null: the
 *     environment's, as it is ({@link Environment#maintenanceOf})
 * @param canary its canary, with {@code update_order: canary}; null otherwise, and left out of the payload
 *     then, so that a worker from before it reads the plan
 */
public record Service(
        String name,
        String image,
        Build build,
        int replicas,
        Integer port,
        Map<String, String> env,
        Map<String, String> secretEnv,
        HealthCheck healthcheck,
        Duration stopGracePeriod,
        Migration migration,
        List<String> validate,
        UpdateOrder updateOrder,
        Duration validateDeadline,
        String replicaNames,
        String upstream,
        Duration minUptime,
        Hooks hooks,
        ServiceMaintenance maintenance,
        @JsonInclude(JsonInclude.Include.NON_NULL) Canary canary) {
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_VALIDATE_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_MIN_UPTIME = Duration.ofSeconds(10);

    public Service {
        env = env == null ? Map.of() : Map.copyOf(env);
        secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
        validate = validate == null ? List.of() : List.copyOf(validate);
        updateOrder = updateOrder == null ? UpdateOrder.STOP_FIRST : updateOrder;
        validateDeadline = validateDeadline == null ? DEFAULT_VALIDATE_DEADLINE : validateDeadline;
        upstream = upstream == null ? name : upstream;
        stopGracePeriod = stopGracePeriod == null ? DEFAULT_STOP_GRACE_PERIOD : stopGracePeriod;
        minUptime = minUptime == null ? DEFAULT_MIN_UPTIME : minUptime;
        hooks = hooks == null ? Hooks.NONE : hooks;
    }

    /** Whether the service serves a port behind the load balancer (a worker does not). */
    public boolean servesTraffic() {
        return port != null;
    }

    /** How each replica is replaced: the update order, or a canary's {@code then} order. */
    public UpdateOrder replacementOrder() {
        return updateOrder == UpdateOrder.CANARY && canary != null ? canary.then() : updateOrder;
    }

    /** Whether the release starts with canaries of this service. */
    public boolean hasCanary() {
        return updateOrder == UpdateOrder.CANARY && canary != null;
    }

    /** How long a new replica has to come up before the release gives up on it. */
    public Duration healthDeadline() {
        return healthcheck == null ? HealthCheck.DEFAULT_DEADLINE : healthcheck.deadline();
    }

    /** The container name of replica {@code n} (from 1) in {@code environment}. */
    public String replicaName(String project, String environment, int n) {
        return ReplicaNames.render(replicaNames, project, environment, name, n);
    }

    /** The image reference of this service at a release version, e.g. {@code shop/app:v2}. */
    public String imageAt(String version) {
        return image + ":" + version;
    }
}
