package io.relman.plan;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A service of the stack: an image built from the service's Dockerfile, run as {@code replicas}
 * identical containers listening on {@code port}.
 *
 * @param secretEnv container variable name to the name of the worker's environment variable that
 *     holds its value: the value itself never enters a workflow's history
 * @param migration the app's own migration command, or null when the service has none
 * @param validate the service's critical endpoints (paths), requested through the load balancer after
 *     a release: each must answer 2xx, or the release is undone
 * @param updateOrder how each replica is replaced; null (a plan from before it existed) means stop-first
 * @param validateDeadline how long the endpoints may take to answer 2xx after the last reload
 * @param replicaNames the template of the replicas' container names ({@link ReplicaNames}); null means
 *     relman's own, {@link ReplicaNames#DEFAULT}
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
        String replicaNames) {
    public static final Duration DEFAULT_STOP_GRACE_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_VALIDATE_DEADLINE = Duration.ofSeconds(10);

    public Service {
        env = env == null ? Map.of() : Map.copyOf(env);
        secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
        validate = validate == null ? List.of() : List.copyOf(validate);
        updateOrder = updateOrder == null ? UpdateOrder.STOP_FIRST : updateOrder;
        validateDeadline = validateDeadline == null ? DEFAULT_VALIDATE_DEADLINE : validateDeadline;
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
