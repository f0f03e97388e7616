package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.Map;

/**
 * A replica to create. When a kept previous container exists its full configuration is copied
 * (ports, volumes, networks, restart policy, labels, env) and {@code env}/{@code labels} are laid
 * over it; otherwise the container is made from these fields alone.
 *
 * @param secretEnv container variable to the worker's environment variable holding its value
 * @param host the machine whose docker engine this acts on
 * @param publish the host port a new replica publishes (spread over hosts), or null; a replica made from
 *     a kept one publishes what that one did
 */
public record CreateReplicaRequest(
        Host host,
        String container,
        String image,
        String releaseStep,
        String network,
        Map<String, String> env,
        Map<String, String> secretEnv,
        Map<String, String> labels,
        PublishedPort publish)
        implements OnHost {
    public CreateReplicaRequest {
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        labels = Map.copyOf(labels);
    }

    /** The container's {@code containerPort}, published on {@code address:hostPort} of its host. */
    public record PublishedPort(String address, int hostPort, int containerPort) {}
}
