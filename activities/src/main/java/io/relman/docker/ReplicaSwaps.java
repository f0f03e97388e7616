package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica swapped for another on the engine, and the swap undone: the steps of a rollout behind
 * {@link DockerActivitiesImpl}. Each step finds its own earlier work by the release step's label
 * ({@link ReplicaIdempotency}), so a retried activity never makes a second container.
 */
final class ReplicaSwaps {
    private static final Logger log = LoggerFactory.getLogger(ReplicaSwaps.class);

    private final DockerClient docker;
    private final Containers containers;
    private final SecretResolver secrets;

    ReplicaSwaps(DockerClient docker, Containers containers, SecretResolver secrets) {
        this.docker = docker;
        this.containers = containers;
        this.secrets = secrets;
    }

    /** Stops the kept old replica of a start-first swap, once the new one serves. */
    void stopKept(StopReplicaRequest request) {
        String kept = ContainerNames.kept(request.container());
        if (containers.inspect(kept).filter(c -> Containers.running(c)).isPresent()) {
            stopWithGrace(kept, request.gracePeriod());
            log.info("stopped {}, replaced by {}", kept, request.container());
        }
    }

    /** Renames the replica to its kept name, stopped first or left running; the older kept one goes. */
    KeptReplica keep(StopReplicaRequest request, boolean stop) {
        String kept = ContainerNames.kept(request.container());
        Optional<InspectContainerResponse> current = containers.inspect(request.container());
        switch (ReplicaIdempotency.keep(found(current), request.releaseStep())) {
            case NOTHING_UNDER_THE_NAME -> {
                return containers
                        .inspect(kept)
                        .map(c -> new KeptReplica(kept, c.getConfig().getImage()))
                        .orElse(new KeptReplica(null, null));
            }
            case ALREADY_REPLACED -> {
                return new KeptReplica(kept, null);
            }
            case KEEP_IT -> {}
        }
        if (stop) {
            stopWithGrace(request.container(), request.gracePeriod());
        } else if (Containers.publishesHostPort(current.get())) {
            throw FailureType.CONTAINER_CONFLICT.failure(request.container() + " publishes a host port, and two"
                    + " copies of it cannot bind one port: set update_order: stop-first for its service");
        }
        containers.inspect(kept).ifPresent(older -> {
            log.info("removing {} ({}), kept from the release before", kept, older.getId());
            docker.removeContainerCmd(older.getId()).withForce(true).exec();
        });
        docker.renameContainerCmd(current.get().getId()).withName(kept).exec();
        log.info(
                "{} {} ({}) and kept it as {}",
                stop ? "stopped" : "set aside, still serving,",
                request.container(),
                current.get().getId(),
                kept);
        return new KeptReplica(kept, current.get().getConfig().getImage());
    }

    /** The new replica, from the kept one's configuration (or the plan's, for a new one), started. */
    ReplicaContainer create(CreateReplicaRequest request) {
        String kept = ContainerNames.kept(request.container());
        Optional<InspectContainerResponse> previous = containers.inspect(kept);
        Optional<InspectContainerResponse> existing = containers.inspect(request.container());
        ReplicaIdempotency.Create decision = ReplicaIdempotency.create(found(existing), request.releaseStep());
        if (decision == ReplicaIdempotency.Create.NAME_TAKEN) {
            throw FailureType.CONTAINER_CONFLICT.failure("container " + request.container()
                    + " exists but relman did not create it in this step; remove or rename it (docker rm -f "
                    + request.container() + ") and deploy again");
        }
        ContainerSpec spec = spec(request, previous);
        if (decision == ReplicaIdempotency.Create.FINISH_THE_EARLIER_ATTEMPT) {
            // A worker that died between create and the network connects left it on its first network only.
            List<String> connected = containers.connectMissing(existing.get(), spec);
            if (!connected.isEmpty()) {
                log.info("connected {} to {}, which an earlier attempt left out", request.container(), connected);
            }
            startIfNotRunning(existing.get());
            return new ReplicaContainer(
                    request.container(),
                    existing.get().getId(),
                    request.image(),
                    previous.map(old -> kept).orElse(null));
        }
        String id = containers.create(spec);
        docker.startContainerCmd(id).exec();
        log.info(
                "created and started {} ({}) from {}",
                request.container(),
                id,
                previous.map(old -> "the configuration of " + kept).orElse("the plan"));
        return new ReplicaContainer(
                request.container(),
                id,
                request.image(),
                previous.map(old -> kept).orElse(null));
    }

    /** The new replica's configuration: the kept one's with the new image and env, or the plan's for a new one. */
    private ContainerSpec spec(CreateReplicaRequest request, Optional<InspectContainerResponse> previous) {
        Map<String, String> env = new HashMap<>(request.env());
        env.putAll(secrets.resolve(request.secretEnv()));
        return previous.map(old -> ContainerSpec.copyOf(
                        old,
                        docker.inspectImageCmd(old.getImageId()).exec(),
                        request.container(),
                        request.image(),
                        env,
                        request.labels()))
                .orElseGet(() -> {
                    ContainerSpec fresh = ContainerSpec.fresh(
                            request.container(),
                            request.image(),
                            request.network(),
                            env,
                            request.labels(),
                            null,
                            ContainerSpec.DEFAULT_RESTART_POLICY);
                    CreateReplicaRequest.PublishedPort publish = request.publish();
                    return publish == null
                            ? fresh
                            : fresh.publishing(publish.address(), publish.hostPort(), publish.containerPort());
                });
    }

    /** The undo of a swap: the new container goes, the kept one is renamed back and started. */
    RestoredReplica restore(RestoreReplicaRequest request) {
        String name = request.container();
        String kept = ContainerNames.kept(name);
        Optional<InspectContainerResponse> current = containers.inspect(name);
        if (ReplicaIdempotency.restore(found(current), request.releaseStep())
                == ReplicaIdempotency.Restore.OLD_ONE_IS_BACK) {
            startIfNotRunning(current.get());
            return new RestoredReplica(
                    name,
                    current.get().getId(),
                    current.get().getConfig().getImage(),
                    name + " runs " + current.get().getConfig().getImage());
        }
        current.ifPresent(created -> {
            stopWithGrace(name, request.gracePeriod());
            docker.removeContainerCmd(created.getId()).withForce(true).exec();
            log.info("removed {} ({}), created by release step {}", name, created.getId(), request.releaseStep());
        });
        if (!request.hadOldReplica()) {
            return new RestoredReplica(
                    name, null, null, current.isPresent() ? "removed " + name : name + " was never created");
        }
        InspectContainerResponse old = containers
                .inspect(kept)
                .orElseThrow(() -> FailureType.ROLLBACK_IMPOSSIBLE.failure("cannot put " + name
                        + " back: the kept container " + kept + " is gone (removed by hand?). Deploy the"
                        + " previous version again to recreate it."));
        docker.renameContainerCmd(old.getId()).withName(name).exec();
        startIfNotRunning(old);
        log.info("put {} ({}) back as {}", kept, old.getId(), name);
        return new RestoredReplica(
                name,
                old.getId(),
                old.getConfig().getImage(),
                "started the kept " + old.getConfig().getImage() + " container again as " + name);
    }

    private void startIfNotRunning(InspectContainerResponse container) {
        containers.startIfNotRunning(container);
    }

    private void stopWithGrace(String container, Duration grace) {
        GracefulStop.stop(docker, container, grace);
    }

    private static ReplicaIdempotency.Found found(Optional<InspectContainerResponse> container) {
        return container
                .map(c -> ReplicaIdempotency.Found.of(Containers.labelsOf(c).get(ContainerNames.LABEL_STEP)))
                .orElse(ReplicaIdempotency.Found.ABSENT);
    }
}
