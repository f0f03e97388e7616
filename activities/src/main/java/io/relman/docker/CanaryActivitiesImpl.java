package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The canaries of a release on the engine ({@link CanarySpec}); each call finds its own earlier work by name. */
public class CanaryActivitiesImpl implements CanaryActivities {
    private static final Logger log = LoggerFactory.getLogger(CanaryActivitiesImpl.class);

    private final DockerEngines engines;
    private final SecretResolver secrets;

    public CanaryActivitiesImpl(DockerEngines engines, SecretResolver secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    @Override
    public ReplicaContainer start(CanaryRequest request) {
        DockerClient docker = engines.of(request.host());
        Containers containers = new Containers(docker);
        String name = request.container();
        Optional<InspectContainerResponse> existing = containers.inspect(name);
        if (existing.isPresent()) {
            Map<String, String> labels = Containers.labelsOf(existing.get());
            if (request.releaseStep().equals(labels.get(ContainerNames.LABEL_STEP))) {
                containers.startIfNotRunning(existing.get());
                return new ReplicaContainer(name, existing.get().getId(), request.image(), request.madeLike());
            }
            if (!labels.containsKey(ContainerNames.LABEL_CANARY_OF)) {
                throw FailureType.CONTAINER_CONFLICT.failure("container " + name + " exists and is not a canary relman"
                        + " made; remove or rename it (docker rm -f " + name + ") and deploy again");
            }
            // A canary a release left behind (its worker and its undo lost): this release's takes its place.
            docker.removeContainerCmd(existing.get().getId()).withForce(true).exec();
            log.info(
                    "removed {} ({}), a canary of release {}",
                    name,
                    existing.get().getId(),
                    labels.get(ContainerNames.LABEL_RELEASE));
        }
        InspectContainerResponse replica = containers
                .inspect(request.madeLike())
                .orElseThrow(() -> FailureType.CONTAINER_CONFLICT.failure("cannot make canary " + name + " like "
                        + request.madeLike() + ": that replica is gone (removed by hand?); deploy again"));
        Map<String, String> env = new HashMap<>(request.env());
        env.putAll(secrets.resolve(request.secretEnv()));
        ContainerSpec spec = CanarySpec.madeLike(
                replica,
                docker.inspectImageCmd(replica.getImageId()).exec(),
                name,
                request.image(),
                env,
                request.labels());
        String id = containers.create(spec);
        docker.startContainerCmd(id).exec();
        log.info(
                "created and started canary {} ({}) from {}, made like {}",
                name,
                id,
                request.image(),
                request.madeLike());
        return new ReplicaContainer(name, id, request.image(), request.madeLike());
    }

    @Override
    public String remove(Host host, String container, Duration gracePeriod) {
        DockerClient docker = engines.of(host);
        Optional<InspectContainerResponse> canary = new Containers(docker).inspect(container);
        if (canary.isEmpty()) {
            return container + " was gone already";
        }
        if (!Containers.labelsOf(canary.get()).containsKey(ContainerNames.LABEL_CANARY_OF)) {
            // Its start was refused for this container (another service's replica by that name): not ours.
            log.warn(
                    "left {} ({}) alone: it is not a canary",
                    container,
                    canary.get().getId());
            return container + " is not a canary relman made: left as it is";
        }
        if (Containers.running(canary.get())) {
            GracefulStop.stop(docker, container, gracePeriod);
        }
        docker.removeContainerCmd(canary.get().getId()).withForce(true).exec();
        log.info("removed canary {} ({})", container, canary.get().getId());
        return "removed " + container;
    }
}
