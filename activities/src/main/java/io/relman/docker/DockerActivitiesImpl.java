package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class DockerActivitiesImpl implements DockerActivities {
    private static final Logger log = LoggerFactory.getLogger(DockerActivitiesImpl.class);
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);

    /** The label docker compose puts on every container of a project. */
    static final String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

    private final DockerClient docker;
    private final Containers containers;
    private final SecretResolver secrets;

    public DockerActivitiesImpl(DockerClient docker, SecretResolver secrets) {
        this.docker = docker;
        this.containers = new Containers(docker);
        this.secrets = secrets;
    }

    @Override
    public BuiltImage buildImage(ImageBuildRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        File context = new File(request.context());
        if (!new File(context, request.dockerfile()).isFile()) {
            throw FailureType.BUILD_FAILED.failure("no Dockerfile at " + new File(context, request.dockerfile())
                    + " on the worker's host: check build.context" + " and build.dockerfile in the plan");
        }
        var build = docker.buildImageCmd(context)
                .withDockerfile(new File(context, request.dockerfile()))
                .withTags(Set.of(request.tag()))
                .withLabels(request.labels());
        request.args().forEach(build::withBuildArg);
        log.info("building {} from {}", request.tag(), context);
        try {
            build.exec(new BuildImageResultCallback() {
                        @Override
                        public void onNext(BuildResponseItem item) {
                            super.onNext(item);
                            if (item.getStream() != null && !item.getStream().isBlank()) {
                                activity.heartbeat(item.getStream().strip());
                            }
                        }
                    })
                    .awaitImageId();
            // The build stream gives a short id; the record keeps the full, content-addressed one.
            String imageId = docker.inspectImageCmd(request.tag()).exec().getId();
            log.info("built {} as {}", request.tag(), imageId);
            return new BuiltImage(request.tag(), imageId);
        } catch (DockerClientException e) {
            throw FailureType.BUILD_FAILED.failure("building " + request.tag() + " failed: " + e.getMessage());
        }
    }

    @Override
    public EngineStatus checkEngine(EngineCheck request) {
        Info info;
        try {
            info = docker.infoCmd().exec();
        } catch (RuntimeException unreachable) {
            // Retried: an engine that restarts comes back; the message says what to do if it does not.
            throw FailureType.ENGINE_UNREACHABLE.failure("the Docker engine does not answer ("
                    + unreachable.getMessage() + "):" + " start dockerd (scripts/setup.sh does) and release again");
        }
        String dataDir = info.getDockerRootDir();
        long free = request.backupDir() == null
                ? freeBytes(dataDir)
                : Math.min(freeBytes(dataDir), freeBytes(request.backupDir()));
        if (free < request.minFreeBytes()) {
            throw FailureType.PREFLIGHT_FAILED.failure("only " + (free >> 20) + " MB are free under " + dataDir
                    + (request.backupDir() == null ? "" : " or " + request.backupDir()) + "; the plan asks for "
                    + (request.minFreeBytes() >> 20)
                    + " MB (min_free_disk)."
                    + " Free some (docker image prune, old backups) and release again. Nothing was changed.");
        }
        return new EngineStatus(info.getServerVersion(), dataDir, free);
    }

    /** Free space of the file system holding {@code path}, or of its nearest existing parent. */
    private static long freeBytes(String path) {
        Path existing = Path.of(path).toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the free space under " + path, e);
        }
    }

    @Override
    public String imageId(String tag) {
        try {
            return docker.inspectImageCmd(tag).exec().getId();
        } catch (NotFoundException absent) {
            return null;
        }
    }

    @Override
    public List<String> runningReplicas(ReplicaSelector selector) {
        return docker
                .listContainersCmd()
                .withLabelFilter(Map.of(
                        ContainerNames.LABEL_PROJECT,
                        selector.project(),
                        ContainerNames.LABEL_ENVIRONMENT,
                        selector.environment(),
                        ContainerNames.LABEL_SERVICE,
                        selector.service()))
                .withStatusFilter(List.of("running"))
                .exec()
                .stream()
                .map(DockerActivitiesImpl::nameOf)
                .filter(name -> !name.endsWith(ContainerNames.KEPT_SUFFIX))
                .sorted()
                .toList();
    }

    @Override
    public List<ReplicaState> inspectReplicas(ReplicaQuery query) {
        return query.containers().stream()
                .map(name -> containers
                        .inspect(name)
                        .map(container -> ReplicaStates.of(
                                name,
                                container,
                                containers
                                        .inspectImage(container.getImageId())
                                        .map(image ->
                                                image.getRepoTags() == null ? List.<String>of() : image.getRepoTags())
                                        .orElse(List.of())))
                        .orElse(ReplicaState.absent(name)))
                .toList();
    }

    @Override
    public List<String> removeKeptComposeCopies(ReplicaQuery replicas) {
        List<String> removed = new ArrayList<>();
        for (String name : replicas.containers()) {
            String kept = ContainerNames.kept(name);
            containers
                    .inspect(kept)
                    .filter(container ->
                            !Boolean.TRUE.equals(container.getState().getRunning()))
                    .filter(container -> labelsOf(container).containsKey(COMPOSE_PROJECT_LABEL))
                    .ifPresent(container -> {
                        try {
                            docker.removeContainerCmd(container.getId()).exec();
                            log.info("removed {} ({}), the kept copy of a compose container", kept, container.getId());
                            removed.add(kept);
                        } catch (NotFoundException gone) {
                            // Removed meanwhile: what we wanted.
                        }
                    });
        }
        return removed;
    }

    @Override
    public List<CurrentReplica> currentReplicas(ReplicaSelector selector) {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(
                        ContainerNames.LABEL_PROJECT,
                        selector.project(),
                        ContainerNames.LABEL_ENVIRONMENT,
                        selector.environment(),
                        ContainerNames.LABEL_SERVICE,
                        selector.service()))
                .exec()
                .stream()
                .filter(container -> !nameOf(container).endsWith(ContainerNames.KEPT_SUFFIX))
                .map(container -> new CurrentReplica(
                        nameOf(container),
                        container.getLabels().getOrDefault(ContainerNames.LABEL_VERSION, "unknown"),
                        container.getImage(),
                        "running".equals(container.getState()),
                        Containers.publishesHostPort(container)))
                .sorted(Comparator.comparing(CurrentReplica::container))
                .toList();
    }

    @Override
    public KeptReplica stopAndKeep(StopReplicaRequest request) {
        return keep(request, true);
    }

    @Override
    public KeptReplica setAside(StopReplicaRequest request) {
        return keep(request, false);
    }

    @Override
    public void stopKept(StopReplicaRequest request) {
        String kept = ContainerNames.kept(request.container());
        if (containers
                .inspect(kept)
                .filter(c -> Boolean.TRUE.equals(c.getState().getRunning()))
                .isPresent()) {
            stopWithGrace(kept, request.gracePeriod());
            log.info("stopped {}, replaced by {}", kept, request.container());
        }
    }

    /** Renames the replica to its kept name, stopped first or left running; the older kept one goes. */
    private KeptReplica keep(StopReplicaRequest request, boolean stop) {
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

    @Override
    public ReplicaContainer createReplica(CreateReplicaRequest request) {
        String kept = ContainerNames.kept(request.container());
        Optional<InspectContainerResponse> previous = containers.inspect(kept);
        Optional<InspectContainerResponse> existing = containers.inspect(request.container());
        switch (ReplicaIdempotency.create(found(existing), request.releaseStep())) {
            case NAME_TAKEN ->
                throw FailureType.CONTAINER_CONFLICT.failure("container " + request.container()
                        + " exists but relman did not create it in this step; remove or rename it (docker rm -f "
                        + request.container() + ") and deploy again");
            case FINISH_THE_EARLIER_ATTEMPT -> {
                startIfNotRunning(existing.get());
                return new ReplicaContainer(
                        request.container(),
                        existing.get().getId(),
                        request.image(),
                        previous.map(old -> kept).orElse(null));
            }
            case CREATE -> {}
        }
        Map<String, String> env = new HashMap<>(request.env());
        env.putAll(secrets.resolve(request.secretEnv()));
        ContainerSpec spec = previous.map(old -> ContainerSpec.copyOf(
                        old,
                        docker.inspectImageCmd(old.getImageId()).exec(),
                        request.container(),
                        request.image(),
                        env,
                        request.labels()))
                .orElseGet(() -> ContainerSpec.fresh(
                        request.container(),
                        request.image(),
                        request.network(),
                        env,
                        request.labels(),
                        null,
                        ContainerSpec.DEFAULT_RESTART_POLICY));
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

    @Override
    public RestoredReplica restoreReplica(RestoreReplicaRequest request) {
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
        if (!Boolean.TRUE.equals(container.getState().getRunning())) {
            try {
                docker.startContainerCmd(container.getId()).exec();
            } catch (NotModifiedException alreadyStarted) {
                // Started between the inspect and now: what we wanted.
            }
        }
    }

    /** {@code docker stop -t grace}, heartbeating while the container finishes its requests. */
    private void stopWithGrace(String container, Duration grace) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            try {
                docker.stopContainerCmd(container)
                        .withTimeout((int) Math.max(1, grace.toSeconds()))
                        .exec();
            } catch (NotModifiedException alreadyStopped) {
                // Nothing to do: stopped already.
            }
        });
        while (true) {
            try {
                stop.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillStopping) {
                activity.heartbeat("stopping " + container);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + container, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }
    }

    private static ReplicaIdempotency.Found found(Optional<InspectContainerResponse> container) {
        return container
                .map(c -> ReplicaIdempotency.Found.of(labelsOf(c).get(ContainerNames.LABEL_STEP)))
                .orElse(ReplicaIdempotency.Found.ABSENT);
    }

    private static Map<String, String> labelsOf(InspectContainerResponse container) {
        Map<String, String> labels = container.getConfig().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static String nameOf(Container container) {
        return container.getNames()[0].substring(1);
    }
}
