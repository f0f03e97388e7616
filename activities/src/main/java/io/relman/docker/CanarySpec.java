package io.relman.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import java.util.Map;

/**
 * A canary made like a running replica, as its replacement would be ({@link ContainerSpec#copyOf}: the
 * replica's own environment, command, networks, volumes, restart policy and health check, with the new image
 * and env), minus what would make it pass for a replica or take a request meant for one: no published port
 * (two copies cannot bind one), no alias on its networks (docker's DNS answers the service's name with the
 * replicas only), none of compose's or relman's replica labels (given {@code labels} instead). nginx reaches
 * it by its container name, with the weight relman gives it.
 */
final class CanarySpec {
    private CanarySpec() {}

    static ContainerSpec madeLike(
            InspectContainerResponse replica,
            InspectImageResponse replicaImage,
            String name,
            String image,
            Map<String, String> env,
            Map<String, String> labels) {
        ContainerSpec copy = ContainerSpec.copyOf(replica, replicaImage, name, image, env, Map.of());
        return new ContainerSpec(
                name,
                image,
                copy.env(),
                OneOffSpec.notAReplica(copy, labels),
                copy.cmd(),
                copy.entrypoint(),
                copy.workingDir(),
                copy.user(),
                copy.hostname(),
                copy.exposedPorts(),
                copy.healthcheck(),
                OneOffSpec.unpublished(copy),
                OneOffSpec.withoutAliases(copy));
    }
}
