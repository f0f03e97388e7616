package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.command.ListContainersCmd;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.LocalNodeState;
import io.relman.access.AllowedPaths;
import io.relman.access.HostAccess;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
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

    private final DockerEngines engines;
    private final SecretResolver secrets;
    private final AllowedPaths allowedPaths;

    public DockerActivitiesImpl(DockerEngines engines, SecretResolver secrets, AllowedPaths allowedPaths) {
        this.secrets = secrets;
        this.allowedPaths = allowedPaths;
        this.engines = engines;
    }

    private ReplicaSwaps swaps(Host host) {
        DockerClient docker = engines.of(host);
        return new ReplicaSwaps(docker, new Containers(docker), secrets);
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
        DockerClient docker = engines.of(request.host());
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
        Host host = request.host() == null ? Host.LOCAL : request.host();
        // The worker opens these files for whoever sends a plan, the bastion's too: only where it lets plans point.
        new HostAccess(allowedPaths, secrets).require(host);
        Info info;
        try {
            info = engines.of(host).infoCmd().exec();
        } catch (ApplicationFailure refused) {
            if (refused.isNonRetryable()) {
                throw refused; // a host key or login refused: its message says what to do
            }
            // Found before anything changed: the release is refused, not retried until it gives up.
            throw FailureType.PREFLIGHT_FAILED.failure(
                    refused.getOriginalMessage() + ". The release is refused;" + " nothing was changed on any host.");
        } catch (RuntimeException unreachable) {
            // Retried: an engine that restarts comes back; the message says what to do if it does not.
            throw FailureType.ENGINE_UNREACHABLE.failure("the Docker engine does not answer ("
                    + unreachable.getMessage() + "):" + " start dockerd (scripts/setup.sh does) and release again");
        }
        String dataDir = info.getDockerRootDir();
        long engineFree = host.local() ? freeBytes(dataDir) : engines.freeBytes(host, dataDir);
        long free = request.backupDir() == null ? engineFree : Math.min(engineFree, freeBytes(request.backupDir()));
        if (free < request.minFreeBytes()) {
            throw FailureType.PREFLIGHT_FAILED.failure("only " + (free >> 20) + " MB are free under " + dataDir
                    + (host.local() ? "" : " on " + host.describe())
                    + (request.backupDir() == null ? "" : " or " + request.backupDir()) + "; the plan asks for "
                    + (request.minFreeBytes() >> 20)
                    + " MB (min_free_disk)."
                    + " Free some (docker image prune, old backups) and release again. Nothing was changed.");
        }
        boolean swarmNode = info.getSwarm() != null && info.getSwarm().getLocalNodeState() == LocalNodeState.ACTIVE;
        return new EngineStatus(
                info.getServerVersion(),
                dataDir,
                free,
                EngineStatus.renameLeavesDnsBehind(info.getServerVersion(), swarmNode));
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
    public String imageId(Host host, String tag) {
        try {
            return engines.of(host).inspectImageCmd(tag).exec().getId();
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
        Containers containers = new Containers(engines.of(query.host()));
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
        DockerClient docker = engines.of(replicas.host());
        Containers containers = new Containers(docker);
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
        return swaps(request.host()).keep(request, true);
    }

    @Override
    public KeptReplica setAside(StopReplicaRequest request) {
        return swaps(request.host()).keep(request, false);
    }

    @Override
    public void stopKept(StopReplicaRequest request) {
        swaps(request.host()).stopKept(request);
    }

    @Override
    public ReplicaContainer createReplica(CreateReplicaRequest request) {
        return swaps(request.host()).create(request);
    }

    @Override
    public RestoredReplica restoreReplica(RestoreReplicaRequest request) {
        return swaps(request.host()).restore(request);
    }

    /** The containers relman labelled as replicas of the selector's service (kept copies included). */
    private ListContainersCmd labelledReplicas(ReplicaSelector selector) {
        return engines.of(selector.host())
                .listContainersCmd()
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
