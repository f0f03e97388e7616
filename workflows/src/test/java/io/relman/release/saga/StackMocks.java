package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.access.PlanAccessActivities;
import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.database.DumpRequest;
import io.relman.database.FingerprintActivities;
import io.relman.database.MigrationActivities;
import io.relman.database.MigrationOutcome;
import io.relman.database.RestoreAccessActivities;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.docker.BuiltImage;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.DockerActivities;
import io.relman.docker.EngineStatus;
import io.relman.docker.ImageBuildRequest;
import io.relman.docker.KeptReplica;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaQuery;
import io.relman.docker.ReplicaState;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.HealthActivities;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.health.UpCheck;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseRequest;
import io.relman.temporal.FailureType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** Mocked activities of the shop stack for the release workflows' tests (mocks without annotations). */
final class StackMocks {
    final DockerActivities docker = mock(DockerActivities.class, withSettings().withoutAnnotations());
    final LoadBalancerActivities loadBalancer =
            mock(LoadBalancerActivities.class, withSettings().withoutAnnotations());
    final HealthActivities health = mock(HealthActivities.class, withSettings().withoutAnnotations());
    final MigrationActivities migration =
            mock(MigrationActivities.class, withSettings().withoutAnnotations());
    final ReleaseActivities releases =
            mock(ReleaseActivities.class, withSettings().withoutAnnotations());
    final BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    final RestoreAccessActivities restoreAccess =
            mock(RestoreAccessActivities.class, withSettings().withoutAnnotations());
    final PlanAccessActivities planAccess =
            mock(PlanAccessActivities.class, withSettings().withoutAnnotations());
    final FingerprintActivities fingerprints =
            mock(FingerprintActivities.class, withSettings().withoutAnnotations());
    static final DatabaseFingerprint BEFORE = new DatabaseFingerprint("schema-v1", Map.of("items", 3L));
    /** The backup the release to v2 took before its migration, of the database as it was then. */
    static final BackupFile BEFORE_V2 = new BackupFile(
            "shop-demo-20261120-100000-before-v2",
            "/var/backups/shop/old.dump",
            4096,
            "feedbeef",
            50,
            BEFORE,
            "shop",
            "dev",
            "deploy-shop-demo",
            0);

    final FakeDatabase database = new FakeDatabase();
    /** What the fake engine has under each container name, changed by the docker mocks as an engine would. */
    /** Synchronized: drain-first stops an old replica while its successor is created. */
    final Map<String, ReplicaState> engine = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Every upstream nginx was given, in order, as lists of servers. */
    final List<List<String>> upstreams = new ArrayList<>();
    /** nginx's files, once {@link #nginxHas} gave it some. */
    final FakeNginx nginx = new FakeNginx();

    /** A healthy stack of 3 replicas on v1: every activity succeeds. */
    StackMocks() {
        when(docker.buildImage(any())).thenAnswer(call -> {
            String tag = call.<ImageBuildRequest>getArgument(0).tag();
            return new BuiltImage(tag, imageIdOf(tag));
        });
        when(docker.imageId(any(), any())).thenAnswer(call -> imageIdOf(call.getArgument(1)));
        when(docker.inspectReplicas(any()))
                .thenAnswer(call -> call.<ReplicaQuery>getArgument(0).containers().stream()
                        .map(name -> engine.getOrDefault(name, ReplicaState.absent(name)))
                        .toList());
        when(docker.checkEngine(any())).thenReturn(new EngineStatus("20.10.24", "/var/lib/docker", 50L << 30, false));
        running("v1", 3);
        when(docker.restoreReplica(any())).thenAnswer(call -> {
            RestoreReplicaRequest request = call.getArgument(0);
            engine.remove(request.container());
            ReplicaState kept = engine.remove(request.container() + "-previous");
            if (request.hadOldReplica() && kept != null) {
                engine.put(request.container(), state(request.container(), kept.image(), true));
            }
            return new RestoredReplica(request.container(), "old-id", "relman/shop-app:v1", "started the kept one");
        });
        when(docker.stopAndKeep(any())).thenAnswer(call -> keep(call.getArgument(0), false));
        when(docker.setAside(any())).thenAnswer(call -> keep(call.getArgument(0), true));
        doAnswer(call -> {
                    String kept = call.<StopReplicaRequest>getArgument(0).container() + "-previous";
                    engine.computeIfPresent(kept, (name, state) -> state(name, state.image(), false));
                    return null;
                })
                .when(docker)
                .stopKept(any());
        when(docker.createReplica(any())).thenAnswer(call -> create(call.getArgument(0)));
        when(health.awaitHealthy(any()))
                .thenAnswer(call ->
                        new HealthReport(call.<HealthProbeRequest>getArgument(0).replica(), 1, 100));
        when(health.checkNow(any()))
                .thenAnswer(call ->
                        new HealthReport(call.<HealthProbeRequest>getArgument(0).replica(), 1, 3));
        when(health.validateEndpoints(any())).thenReturn(new HealthReport("shop-demo-lb", 1, 20));
        when(health.awaitUp(any()))
                .thenAnswer(
                        call -> new HealthReport(call.<UpCheck>getArgument(0).container(), 3, 10_000));
        when(migration.run(any())).thenAnswer(call -> {
            database.migrated(call.getArgument(0));
            return new MigrationOutcome(0, "ok", 10);
        });
        when(fingerprints.current(any())).thenAnswer(call -> database.fingerprint());
        when(backups.dump(any()))
                .thenAnswer(call -> new BackupFile(
                        call.<DumpRequest>getArgument(0).backupId(),
                        "/var/backups/shop/x.dump",
                        2048,
                        "0123456789abcdef",
                        40,
                        BEFORE,
                        "shop",
                        "dev",
                        call.<DumpRequest>getArgument(0).releaseId(),
                        0));
        when(backups.restore(any())).thenAnswer(call -> {
            database.restored();
            return new RestoredBackup(
                    call.<RestoreRequest>getArgument(0).backup().id(),
                    90,
                    BEFORE,
                    call.<RestoreRequest>getArgument(0).asideDatabase());
        });
        when(restoreAccess.check(any(), any()))
                .thenReturn("the database role \"shop\" may create databases and acts as the owner of shop: a"
                        + " restore can create, swap in and drop its scratch database");
        doAnswer(call -> upstreams.add(call.<UpstreamUpdate>getArgument(0).servers()))
                .when(loadBalancer)
                .applyUpstream(any());
    }

    /** The migration up changes the schema, then fails with {@code message}: a state no command knows. */
    void migrationUpFailsHalfWay(String message) {
        doAnswer(call -> {
                    database.migrated(call.getArgument(0));
                    throw ApplicationFailure.newNonRetryableFailure(message, "MigrationFailed");
                })
                .when(migration)
                .run(argThat(m -> m != null && m.command().contains("up")));
    }

    /**
     * nginx has {@code text} in {@code path} from now on, and keeps the files relman writes for relman to
     * read back.
     */
    void nginxHas(String path, String text) {
        nginx.files.put(path, text);
        nginx.serve(loadBalancer, upstreams);
    }

    /** The demo environment runs {@code replicas} healthy replicas of {@code version} (none: a first deploy). */
    void running(String version, int replicas) {
        engine.clear();
        IntStream.rangeClosed(1, replicas)
                .mapToObj(index -> "shop-demo-app-" + index)
                .forEach(name -> engine.put(name, state(name, "relman/shop-app:" + version, true)));
    }

    /** What the fake engine has under {@code name} from now on. */
    void replica(String name, ReplicaState state) {
        engine.put(name, state);
    }

    /** A container of {@code image} (repository:tag) that relman made, running or stopped. */
    static ReplicaState state(String name, String image, boolean running) {
        String repository = image.substring(0, image.lastIndexOf(':'));
        return new ReplicaState(
                name,
                true,
                running,
                imageIdOf(image),
                image,
                List.of(repository),
                image.substring(image.lastIndexOf(':') + 1),
                Map.of(),
                false);
    }

    /** Every image's id, told apart by its tag: {@code sha256:id-of-relman/shop-app:v2}; an id is its own. */
    static String imageIdOf(String tag) {
        return tag != null && tag.startsWith("sha256:") ? tag : "sha256:id-of-" + tag;
    }

    /** Creating and starting a replica, as an engine does it. */
    ReplicaContainer create(CreateReplicaRequest request) {
        engine.put(request.container(), state(request.container(), request.image(), true));
        return new ReplicaContainer(request.container(), "id", request.image(), null);
    }

    /** Stopping (or setting aside) and keeping, as an engine does it: the container changes its name. */
    private KeptReplica keep(StopReplicaRequest request, boolean stillRunning) {
        ReplicaState old = engine.remove(request.container());
        if (old == null) {
            return new KeptReplica(null, null);
        }
        String kept = request.container() + "-previous";
        engine.put(kept, state(kept, old.image(), stillRunning));
        return new KeptReplica(kept, old.image());
    }

    /** The first probe of {@code replica} fails (a new release's, or one on a new schema); later ones pass. */
    void firstProbeFailsOn(String replica) {
        AtomicInteger probes = new AtomicInteger();
        doAnswer(call -> {
                    if (probes.incrementAndGet() == 1) {
                        throw ApplicationFailure.newNonRetryableFailure(
                                replica + " did not become healthy", "ReplicaUnhealthy");
                    }
                    return new HealthReport(replica, 1, 100);
                })
                .when(health)
                .awaitHealthy(argThat(h -> h.replica().equals(replica)));
    }

    /** The {@code n}th update of the upstream (1-based) fails; the others go through. */
    void failUpstreamCall(int n, ApplicationFailure failure) {
        AtomicInteger calls = new AtomicInteger();
        doAnswer(call -> {
                    if (calls.incrementAndGet() == n) {
                        throw failure;
                    }
                    return upstreams.add(call.<UpstreamUpdate>getArgument(0).servers());
                })
                .when(loadBalancer)
                .applyUpstream(any());
    }

    /** Runs a release that must fail, and returns the report its ReleaseFailed failure carries. */
    static ReleaseFailure failureOf(Runnable release) {
        try {
            release.run();
        } catch (WorkflowFailedException failed) {
            ApplicationFailure failure = (ApplicationFailure) failed.getCause();
            assertThat(failure.getType()).isEqualTo(FailureType.RELEASE_FAILED.typeName());
            return failure.getDetails().get(ReleaseFailure.class);
        }
        throw new AssertionError("the run succeeded; it should have failed");
    }

    /** Starts the test environment with these mocks and a deploy in the background, as release-demo. */
    DeployWorkflow startDeploy(TestWorkflowEnvironment env, Worker worker, ReleaseRequest request) {
        register(worker);
        env.start();
        DeployWorkflow run = env.getWorkflowClient()
                .newWorkflowStub(
                        DeployWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .setWorkflowId("release-shop-demo")
                                .build());
        WorkflowClient.start(run::deploy, request);
        return run;
    }

    void register(Worker worker) {
        worker.registerActivitiesImplementations(
                docker, loadBalancer, health, migration, releases, backups, restoreAccess, fingerprints, planAccess);
    }

    /** Registers the mocks on the test's worker and starts its server. */
    void start(TestWorkflowEnvironment env, Worker worker) {
        register(worker);
        env.start();
    }

    /** The same, and a stub of a run under the environment's release id. */
    <T> T start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, Class<T> workflow) {
        start(env, worker);
        return client.newWorkflowStub(
                workflow,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(worker.getTaskQueue())
                        .setWorkflowId("release-shop-demo")
                        .build());
    }
}
