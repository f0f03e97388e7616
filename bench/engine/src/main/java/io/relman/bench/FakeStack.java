package io.relman.bench;

import io.relman.docker.BuiltImage;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.CurrentReplica;
import io.relman.docker.DockerActivities;
import io.relman.docker.EngineCheck;
import io.relman.docker.EngineStatus;
import io.relman.docker.ImageBuildRequest;
import io.relman.docker.KeptReplica;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaQuery;
import io.relman.docker.ReplicaSelector;
import io.relman.docker.ReplicaState;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.EndpointCheck;
import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.health.UpCheck;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamFile;
import io.relman.nginx.UpstreamFilesQuery;
import io.relman.nginx.UpstreamOwnership;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Host;
import io.relman.release.HistoryRequest;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * relman's activities over an engine that is only a directory: each activity does what the real one would
 * do to the stack's state (one small file per container) and then sleeps a fixed time, or not at all. The
 * state is on disk so that workers in two processes see one stack, as they would see one Docker engine;
 * the release's own check of the stack before and after then passes as it does on a real one.
 */
final class FakeStack {
    private static final String REPOSITORY = "relman/bench-app";

    private final Path dir;
    private final Duration activityTime;

    FakeStack(Path dir, Duration activityTime) {
        this.dir = dir;
        this.activityTime = activityTime;
    }

    /** {@code replicas} replicas of {@code version}, running, for each environment: the stack before a release. */
    static void reset(Path dir, List<String> environments, int replicas, String version) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        FakeStack stack = new FakeStack(dir, Duration.ZERO);
        for (String environment : environments) {
            for (int index = 1; index <= replicas; index++) {
                stack.put(EngineBench.PROJECT + "-" + environment + "-app-" + index, REPOSITORY + ":" + version, true);
            }
        }
    }

    List<Object> activities() {
        return List.of(new Docker(), new LoadBalancer(), new Health(), new Releases(), new NoMigrations());
    }

    private void pause() {
        if (activityTime.isZero()) {
            return;
        }
        try {
            Thread.sleep(activityTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Optional<ReplicaState> get(String container) {
        Path file = dir.resolve(container);
        try {
            List<String> lines = Files.readAllLines(file);
            String image = lines.get(0);
            String tag = image.substring(image.lastIndexOf(':') + 1);
            return Optional.of(new ReplicaState(
                    container,
                    true,
                    Boolean.parseBoolean(lines.get(1)),
                    idOf(image),
                    image,
                    List.of(REPOSITORY),
                    tag,
                    Map.of(),
                    false));
        } catch (java.nio.file.NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void put(String container, String image, boolean running) {
        try {
            Path next = Files.createTempFile(dir, container, ".next");
            Files.writeString(next, image + "\n" + running + "\n");
            Files.move(next, dir.resolve(container), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void remove(String container) {
        try {
            Files.deleteIfExists(dir.resolve(container));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String idOf(String image) {
        return "sha256:id-of-" + image;
    }

    private KeptReplica keep(StopReplicaRequest request, boolean running) {
        pause();
        Optional<ReplicaState> old = get(request.container());
        if (old.isEmpty()) {
            return new KeptReplica(null, null);
        }
        String kept = request.container() + "-previous";
        put(kept, old.get().image(), running);
        remove(request.container());
        return new KeptReplica(kept, old.get().image());
    }

    private final class Docker implements DockerActivities {
        @Override
        public BuiltImage buildImage(ImageBuildRequest request) {
            pause();
            return new BuiltImage(request.tag(), idOf(request.tag()));
        }

        @Override
        public EngineStatus checkEngine(EngineCheck request) {
            pause();
            return new EngineStatus("bench", dir.toString(), 50L << 30, false);
        }

        @Override
        public String imageId(Host host, String tag) {
            pause();
            return idOf(tag);
        }

        @Override
        public List<String> runningReplicas(ReplicaSelector selector) {
            throw new UnsupportedOperationException("the bench's runs find their stack by name");
        }

        @Override
        public List<ReplicaState> inspectReplicas(ReplicaQuery query) {
            pause();
            return query.containers().stream()
                    .map(name -> get(name).orElse(ReplicaState.absent(name)))
                    .toList();
        }

        @Override
        public List<String> removeKeptComposeCopies(ReplicaQuery replicas) {
            pause();
            return List.of();
        }

        @Override
        public List<CurrentReplica> currentReplicas(ReplicaSelector selector) {
            throw new UnsupportedOperationException("the bench's runs find their stack by name");
        }

        @Override
        public KeptReplica stopAndKeep(StopReplicaRequest request) {
            return keep(request, false);
        }

        @Override
        public KeptReplica setAside(StopReplicaRequest request) {
            return keep(request, true);
        }

        @Override
        public void stopKept(StopReplicaRequest request) {
            pause();
            String kept = request.container() + "-previous";
            get(kept).ifPresent(state -> put(kept, state.image(), false));
        }

        @Override
        public ReplicaContainer createReplica(CreateReplicaRequest request) {
            pause();
            put(request.container(), request.image(), true);
            return new ReplicaContainer(request.container(), "id-" + request.container(), request.image(), null);
        }

        @Override
        public RestoredReplica restoreReplica(RestoreReplicaRequest request) {
            pause();
            Optional<ReplicaState> kept = get(request.container() + "-previous");
            remove(request.container());
            kept.ifPresent(state -> put(request.container(), state.image(), true));
            remove(request.container() + "-previous");
            return new RestoredReplica(
                    request.container(), "id", kept.map(ReplicaState::image).orElse(null), "put back");
        }
    }

    private final class LoadBalancer implements LoadBalancerActivities {
        @Override
        public void applyUpstream(UpstreamUpdate update) {
            pause();
        }

        @Override
        public void requireOwnUpstreams(UpstreamOwnership check) {
            pause();
        }

        @Override
        public List<UpstreamFile> read(UpstreamFilesQuery query) {
            pause();
            // The fake nginx keeps no files: each is absent before a release and after its undo alike.
            return query.files().stream()
                    .map(file -> new UpstreamFile(file, null))
                    .toList();
        }
    }

    private final class Health implements HealthActivities {
        @Override
        public HealthReport awaitHealthy(HealthProbeRequest request) {
            pause();
            return new HealthReport(request.replica(), 1, activityTime.toMillis());
        }

        @Override
        public HealthReport watchHealthy(HealthProbeRequest request) {
            pause();
            return new HealthReport(request.replica(), 1, activityTime.toMillis());
        }

        @Override
        public HealthReport awaitUp(UpCheck check) {
            pause();
            return new HealthReport(check.container(), 1, activityTime.toMillis());
        }

        @Override
        public HealthReport checkNow(HealthProbeRequest request) {
            pause();
            return new HealthReport(request.replica(), 1, activityTime.toMillis());
        }

        @Override
        public HealthReport validateEndpoints(EndpointCheck request) {
            pause();
            return new HealthReport(request.loadBalancer(), 1, activityTime.toMillis());
        }
    }

    private final class Releases implements ReleaseActivities {
        @Override
        public void record(ReleaseRecord record) {
            pause();
        }

        @Override
        public List<ReleaseRecord> history(HistoryRequest request) {
            pause();
            return List.of();
        }
    }
}
