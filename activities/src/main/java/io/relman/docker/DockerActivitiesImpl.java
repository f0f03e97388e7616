package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.ListContainersCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import io.relman.access.AllowedPaths;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class DockerActivitiesImpl implements DockerActivities {
    private static final Logger log = LoggerFactory.getLogger(DockerActivitiesImpl.class);

    /** The label docker compose puts on every container of a project. */
    static final String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

    private final DockerClient docker;
    private final Containers containers;
    private final ReplicaSwaps swaps;

    private final SecretResolver secrets;
    private final AllowedPaths allowedPaths;

    public DockerActivitiesImpl(DockerClient docker, SecretResolver secrets, AllowedPaths allowedPaths) {
        this.secrets = secrets;
        this.allowedPaths = allowedPaths;
        this.docker = docker;
        this.containers = new Containers(docker);
        this.swaps = new ReplicaSwaps(docker, containers, secrets);
    }

    @Override
    public BuiltImage buildImage(ImageBuildRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        // The engine reads the whole context: it must be a directory the worker lets plans use.
        File context = allowedPaths.require(request.context(), "build.context").toFile();
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
        // What the plan asks of this host, before the engine: a refused plan changes nothing.
        secrets.requireHandedOut(request.secrets());
        request.buildContexts().forEach(context -> allowedPaths.require(context, "build.context"));
        if (request.backupDir() != null) {
            allowedPaths.require(request.backupDir(), "database.backup_dir");
        }
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
        return labelledReplicas(selector).withStatusFilter(List.of("running")).exec().stream()
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
                    .filter(container -> !Containers.running(container))
                    .filter(container -> Containers.labelsOf(container).containsKey(COMPOSE_PROJECT_LABEL))
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
        return labelledReplicas(selector).withShowAll(true).exec().stream()
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
        return swaps.keep(request, true);
    }

    @Override
    public KeptReplica setAside(StopReplicaRequest request) {
        return swaps.keep(request, false);
    }

    @Override
    public void stopKept(StopReplicaRequest request) {
        swaps.stopKept(request);
    }

    @Override
    public ReplicaContainer createReplica(CreateReplicaRequest request) {
        return swaps.create(request);
    }

    @Override
    public RestoredReplica restoreReplica(RestoreReplicaRequest request) {
        return swaps.restore(request);
    }

    /** The containers relman labelled as replicas of the selector's service (kept copies included). */
    private ListContainersCmd labelledReplicas(ReplicaSelector selector) {
        return docker.listContainersCmd()
                .withLabelFilter(Map.of(
                        ContainerNames.LABEL_PROJECT,
                        selector.project(),
                        ContainerNames.LABEL_ENVIRONMENT,
                        selector.environment(),
                        ContainerNames.LABEL_SERVICE,
                        selector.service()));
    }

    private static String nameOf(Container container) {
        return container.getNames()[0].substring(1);
    }
}
