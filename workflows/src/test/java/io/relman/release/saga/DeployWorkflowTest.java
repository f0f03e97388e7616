package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.calls;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.database.MigrationActivities;
import io.relman.database.StoredBackup;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.DockerActivities;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.docker.StopReplicaRequest;
import io.relman.health.HealthActivities;
import io.relman.health.HealthReport;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseProgress;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.release.ReplacedReplica;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.RelmanActivityOptions;
import io.relman.temporal.TestWorkflows;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

@Timeout(30)
class DeployWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();
    private final DockerActivities docker = stack.docker;
    private final LoadBalancerActivities loadBalancer = stack.loadBalancer;
    private final HealthActivities health = stack.health;
    private final MigrationActivities migration = stack.migration;
    private final ReleaseActivities releases = stack.releases;
    private final BackupActivities backups = stack.backups;
    private static final DatabaseFingerprint BEFORE = StackMocks.BEFORE;
    /** Every upstream nginx was given, in order, as lists of servers. */
    private final List<List<String>> upstreams = stack.upstreams;

    private void newReleaseIsUnhealthyOn(String replica) {
        stack.firstProbeFailsOn(replica);
    }

    /** Runs a deploy that must fail and returns the report its failure carries. */
    static ReleaseFailure deployFailure(DeployWorkflow workflow, ReleaseRequest request) {
        return StackMocks.failureOf(() -> workflow.deploy(request));
    }

    /** Waits for a started deploy that must fail and returns the report its failure carries. */
    static ReleaseFailure deployFailure(WorkflowStub run) {
        return StackMocks.failureOf(() -> run.getResult(ReleaseResult.class));
    }

    @Test
    void buildsMigratesThenReplacesEveryReplicaInOrderAndRecordsTheRelease(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        ReleaseResult result = workflow.deploy(TestPlans.deploy(3, "v2"));

        InOrder order = inOrder(docker, backups, migration, loadBalancer, health, releases);
        order.verify(docker).inspectReplicas(argThat(q -> q.containers().contains("shop-demo-app-1")));
        order.verify(backups)
                .dump(argThat(d -> d.database().container().equals("shop-demo-db")
                        && d.backupId().matches("shop-demo-\\d{8}-\\d{6}-before-v2")));
        order.verify(docker)
                .buildImage(argThat(b -> b.tag().equals("relman/shop-app:v2")
                        && b.args().get("APP_VERSION").equals("v2")));
        order.verify(migration)
                .run(argThat(m ->
                        m.image().equals("relman/shop-app:v2") && m.command().equals(List.of("/app/migrate", "up"))));
        for (int i = 1; i <= 3; i++) {
            String name = "shop-demo-app-" + i;
            order.verify(loadBalancer, calls(1))
                    .applyUpstream(argThat(u -> !u.servers().contains(name + ":8000")));
            order.verify(docker).stopAndKeep(argThat(s -> s.container().equals(name)));
            order.verify(docker)
                    .createReplica(
                            argThat(c -> c.container().equals(name) && c.image().equals("relman/shop-app:v2")));
            order.verify(health)
                    .awaitHealthy(argThat(
                            h -> h.replica().equals(name) && h.probeFrom().equals("shop-demo-lb")));
            order.verify(loadBalancer, calls(1))
                    .applyUpstream(argThat(u -> u.servers().contains(name + ":8000")));
        }
        order.verify(releases)
                .record(argThat(r ->
                        r.outcome() == ReleaseOutcome.SUCCEEDED && r.version().equals("v2")));
        assertThat(result.replicas())
                .extracting(ReplacedReplica::container)
                .containsExactly("shop-demo-app-1", "shop-demo-app-2", "shop-demo-app-3");
        assertThat(upstreams)
                .containsExactly(
                        List.of("shop-demo-app-2:8000", "shop-demo-app-3:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-3:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000"));
    }

    @Test
    void firstDeployAddsReplicasToTheUpstreamOneByOneWithoutDraining(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.running("v1", 0);
        stack.start(env, worker);

        workflow.deploy(TestPlans.deploy(3, "v1"));

        assertThat(upstreams)
                .containsExactly(
                        List.of("shop-demo-app-1:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000"),
                        List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000"));
    }

    @Test
    void everyReplicaOfTheReleaseGetsItsOwnStepIdAndTheReleaseLabels(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(TestPlans.deploy(3, "v2"));

        ArgumentCaptor<CreateReplicaRequest> created = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(docker, times(3)).createReplica(created.capture());
        assertThat(created.getAllValues())
                .extracting(CreateReplicaRequest::releaseStep)
                .doesNotHaveDuplicates();
        assertThat(created.getAllValues()).allSatisfy(request -> {
            assertThat(request.labels())
                    .containsEntry("relman.version", "v2")
                    .containsEntry("relman.service", "app")
                    .containsEntry("relman.step", request.releaseStep());
            assertThat(request.secretEnv()).containsEntry("PGPASSWORD", "SHOP_DB_PASSWORD");
            assertThat(request.env()).containsEntry("PGHOST", "shop-demo-db").containsEntry("PGUSER", "shop");
        });
        ArgumentCaptor<StopReplicaRequest> stopped = ArgumentCaptor.forClass(StopReplicaRequest.class);
        verify(docker, times(3)).stopAndKeep(stopped.capture());
        assertThat(stopped.getAllValues())
                .extracting(StopReplicaRequest::releaseStep)
                .containsExactlyElementsOf(created.getAllValues().stream()
                        .map(CreateReplicaRequest::releaseStep)
                        .toList());
    }

    @Test
    void aReplicaThatFailsItsHealthCheckAndEveryReplacedOneGoBackToTheOldReleaseThenTheMigrationIsUndone(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        newReleaseIsUnhealthyOn("shop-demo-app-2");
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v3-broken"));

        assertThat(failure.reason()).contains("failed during rollout: shop-demo-app-2 did not become healthy");
        verify(docker, never()).stopAndKeep(argThat(s -> s.container().equals("shop-demo-app-3")));
        InOrder undo = inOrder(docker, health, loadBalancer, migration);
        undo.verify(docker, calls(1))
                .restoreReplica(argThat(r -> r.container().equals("shop-demo-app-2") && r.hadOldReplica()));
        undo.verify(health, calls(1)).awaitHealthy(argThat(h -> h.replica().equals("shop-demo-app-2")));
        undo.verify(loadBalancer, calls(1))
                .applyUpstream(argThat(u -> u.servers().contains("shop-demo-app-2:8000")));
        undo.verify(loadBalancer, calls(1))
                .applyUpstream(argThat(u -> !u.servers().contains("shop-demo-app-1:8000")));
        undo.verify(docker, calls(1)).restoreReplica(argThat(r -> r.container().equals("shop-demo-app-1")));
        undo.verify(health, calls(1)).awaitHealthy(argThat(h -> h.replica().equals("shop-demo-app-1")));
        undo.verify(migration, calls(1))
                .run(argThat(m -> m.command().equals(List.of("/app/migrate", "down", "v1"))
                        && m.image().equals("relman/shop-app:v3-broken")));
        assertThat(upstreams.get(upstreams.size() - 1))
                .containsExactly("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000");
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-2 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE));
        assertThat(failure.fullyUndone()).isTrue();
        verify(releases)
                .record(argThat(r -> r.outcome() == ReleaseOutcome.FAILED
                        && r.failure().contains("shop-demo-app-2 did not become healthy")
                        && r.compensations().size() == 3));
    }

    private static final String MIGRATE_DOWN = "migrate app down to what v1 needs";
    private static final String PUT_BACK_1 = "put shop-demo-app-1 back on v1";
    private static final String PUT_BACK_2 = "put shop-demo-app-2 back on v1";

    static List<InjectedFailure> everyStepOfATwoReplicaDeploy() {
        ApplicationFailure broken = ApplicationFailure.newNonRetryableFailure("injected", "PlanError");
        return List.of(
                new InjectedFailure(
                        "preflight", s -> doThrow(broken).when(s.docker).inspectReplicas(any()), List.of()),
                new InjectedFailure("build", s -> doThrow(broken).when(s.docker).buildImage(any()), List.of()),
                new InjectedFailure(
                        "migrate up",
                        s -> doThrow(broken)
                                .when(s.migration)
                                .run(argThat(m -> m.command().contains("up"))),
                        List.of(MIGRATE_DOWN)),
                new InjectedFailure("drain 1", s -> s.failUpstreamCall(1, broken), List.of(PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "stop 1",
                        s -> doThrow(broken)
                                .when(s.docker)
                                .stopAndKeep(argThat(r -> r.container().endsWith("-1"))),
                        List.of(PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "create 1",
                        s -> doThrow(broken)
                                .when(s.docker)
                                .createReplica(argThat(r -> r.container().endsWith("-1"))),
                        List.of(PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "probe 1", s -> s.firstProbeFailsOn("shop-demo-app-1"), List.of(PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure("return 1", s -> s.failUpstreamCall(2, broken), List.of(PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "drain 2", s -> s.failUpstreamCall(3, broken), List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "stop 2",
                        s -> doThrow(broken)
                                .when(s.docker)
                                .stopAndKeep(argThat(r -> r.container().endsWith("-2"))),
                        List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "create 2",
                        s -> doThrow(broken)
                                .when(s.docker)
                                .createReplica(argThat(r -> r.container().endsWith("-2"))),
                        List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "probe 2",
                        s -> s.firstProbeFailsOn("shop-demo-app-2"),
                        List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "return 2", s -> s.failUpstreamCall(4, broken), List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN)),
                new InjectedFailure(
                        "validate",
                        s -> doThrow(ApplicationFailure.newNonRetryableFailure(
                                        "GET /items gave HTTP 500", "ValidationFailed"))
                                .when(s.health)
                                .validateEndpoints(any()),
                        List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN)));
    }

    @ParameterizedTest(name = "failure at {0}")
    @MethodSource("everyStepOfATwoReplicaDeploy")
    void aFailureAtAnyStepUndoesExactlyWhatWasDoneInReverseOrder(
            InjectedFailure injected, TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.running("v1", 2);
        injected.inject().accept(stack);
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(2, "v2"));

        assertThat(failure.compensations()).extracting(Compensation::action).containsExactlyElementsOf(injected.undo());
        assertThat(failure.compensations())
                .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Compensation.Outcome.DONE));
        if (!injected.undo().isEmpty() && !injected.undo().equals(List.of(MIGRATE_DOWN))) {
            assertThat(upstreams.get(upstreams.size() - 1))
                    .containsExactly("shop-demo-app-1:8000", "shop-demo-app-2:8000");
        }
        verify(releases).record(argThat(r -> r.outcome() == ReleaseOutcome.FAILED));
    }

    @Test
    void whenTheMigrationCannotBeRunDownTheBackupTakenBeforeItIsRestoredAndVerified(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.migrationUpFailsHalfWay("0004 failed half-way");
        doThrow(ApplicationFailure.newNonRetryableFailure("0003 cannot be undone", "MigrationFailed"))
                .when(migration)
                .run(argThat(m -> m.command().contains("down")));
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v4-bad-migration"));

        verify(backups)
                .restore(argThat(r -> r.backup().fingerprint().equals(BEFORE)
                        && r.database().name().equals("shop")
                        && r.scratchDatabase().equals("relman_restore_shop")
                        && r.asideDatabase().startsWith("shop_before_restore_")));
        assertThat(failure.compensations()).singleElement().satisfies(undo -> {
            assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE);
            assertThat(undo.message())
                    .startsWith("migrate down failed: 0003 cannot be undone; restored backup shop-demo-")
                    .contains("verified: schema and row counts (items=3) equal to before;")
                    .containsPattern("the migrated database is kept as shop_before_restore_\\d{17}$");
        });
        verify(releases)
                .record(argThat(r -> r.backup() != null && r.backup().sha256().equals("0123456789abcdef")));
    }

    @Test
    void aDeployWithoutMigrationsTakesABackupWhenNoneIsYoungerThanTheMaxAge(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(new TestPlans.Shop().replicas(1).withoutMigration().deploy("v2"));

        InOrder order = inOrder(backups, docker);
        order.verify(backups)
                .newest(argThat(q -> q.backupDir().equals("/var/backups/shop")
                        && q.idPrefix().equals("shop-demo-")));
        order.verify(backups).dump(argThat(d -> d.backupId().matches("shop-demo-\\d{8}-\\d{6}-before-v2")));
        order.verify(docker).buildImage(any());
        verify(releases).record(argThat(r -> r.backup() != null));
    }

    /** A backup of its own in the backup directory, as the nightly schedule leaves them. */
    private static BackupFile nightlyBackup(String id) {
        return new BackupFile(id, "/var/backups/shop/" + id + ".dump", 10, "ab", 5, BEFORE, "shop", "dev", null, 0);
    }

    @Test
    void aDeployWithoutMigrationsReliesOnABackupYoungerThanTheMaxAge(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        BackupFile nightly = nightlyBackup("shop-demo-20261123-020000-nightly");
        when(backups.newest(any()))
                .thenAnswer(call -> new StoredBackup(
                        nightly, env.currentTimeMillis() - Duration.ofHours(5).toMillis(), List.of()));

        ReleaseRequest request = new TestPlans.Shop()
                .replicas(1)
                .withoutMigration()
                .maxBackupAge(Duration.ofHours(6))
                .deploy("v2");
        DeployWorkflow run = startInBackground(env, worker, request);
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        verify(backups, never()).dump(any());
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .anySatisfy(message -> assertThat(message)
                        .startsWith("the newest backup, shop-demo-20261123-020000-nightly, is 5h")
                        .endsWith("old (max_backup_age 6h):" + " no new one needed"));
        verify(releases).record(argThat(r -> r.backup().id().equals("shop-demo-20261123-020000-nightly")));
    }

    @Test
    void aBackupOlderThanTheMaxAgeIsNotEnough(TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        BackupFile old = nightlyBackup("shop-demo-20261120-020000-nightly");
        when(backups.newest(any()))
                .thenAnswer(call -> new StoredBackup(
                        old, env.currentTimeMillis() - Duration.ofDays(3).toMillis(), List.of()));
        stack.start(env, worker);

        workflow.deploy(new TestPlans.Shop().replicas(1).withoutMigration().deploy("v2"));

        verify(backups).dump(any());
    }

    @Test
    void tooLittleFreeDiskStopsTheReleaseBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        doThrow(ApplicationFailure.newNonRetryableFailure(
                        "only 300 MB are free under /var/lib/docker", "PreflightFailed"))
                .when(docker)
                .checkEngine(argThat(
                        c -> c.minFreeBytes() == 1L << 30 && c.backupDir().equals("/var/backups/shop")));
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v2"));

        assertThat(failure.reason()).contains("failed during preflight: only 300 MB are free");
        assertThat(failure.compensations()).isEmpty();
        verify(docker, never()).inspectReplicas(any());
        verify(docker, never()).buildImage(any());
    }

    @Test
    void aReplicaThatIsNotHealthyBeforeTheReleaseStopsItBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        doThrow(ApplicationFailure.newNonRetryableFailure(
                        "shop-demo-app-2 is not healthy now: GET gave HTTP 503", "ReplicaUnhealthy"))
                .when(health)
                .checkNow(argThat(h -> h.replica().equals("shop-demo-app-2")));
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v2"));

        assertThat(failure.reason()).contains("failed during preflight: shop-demo-app-2 is not healthy now");
        assertThat(failure.compensations()).isEmpty();
        verify(backups, never()).dump(any());
        verify(docker, never()).buildImage(any());
    }

    @Test
    void theCriticalEndpointsAreRequestedThroughTheLoadBalancerAfterTheRollout(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(TestPlans.deploy(2, "v2"));

        InOrder order = inOrder(docker, health, releases);
        order.verify(health).checkNow(argThat(h -> h.replica().equals("shop-demo-app-1")));
        order.verify(docker).createReplica(argThat(c -> c.container().equals("shop-demo-app-2")));
        order.verify(health)
                .validateEndpoints(argThat(v -> v.loadBalancer().equals("shop-demo-lb")
                        && v.paths().equals(List.of("/items"))
                        && v.url("/items").equals("http://127.0.0.1:80/items")));
        order.verify(releases).record(any());
    }

    @Test
    void aReplicaIsAlwaysOutOfTheUpstreamWhileItsContainerIsSwappedBack(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        List<String> upstreamWhenRestored = new ArrayList<>();
        doAnswer(call -> {
                    String name = call.<RestoreReplicaRequest>getArgument(0).container();
                    upstreamWhenRestored.add(name + " in upstream: "
                            + upstreams.get(upstreams.size() - 1).contains(name + ":8000"));
                    return new RestoredReplica(name, "old", "relman/shop-app:v1", "ok");
                })
                .when(docker)
                .restoreReplica(any());
        newReleaseIsUnhealthyOn("shop-demo-app-3");
        stack.start(env, worker);

        deployFailure(workflow, TestPlans.deploy(3, "v3-broken"));

        assertThat(upstreamWhenRestored)
                .containsExactly(
                        "shop-demo-app-3 in upstream: false",
                        "shop-demo-app-2 in upstream: false",
                        "shop-demo-app-1 in upstream: false");
    }

    private void migrationUpFails() {
        doThrow(ApplicationFailure.newNonRetryableFailure("exited with 1", "MigrationFailed"))
                .when(migration)
                .run(argThat(m -> m.command().contains("up")));
    }

    @Test
    void aFailedMigrationIsMigratedDownBeforeAnyReplicaIsTouched(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        migrationUpFails();
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v2"));

        assertThat(failure.reason()).contains("failed during migrate: exited with 1");
        assertThat(failure.compensations())
                .extracting(Compensation::outcome)
                .containsExactly(Compensation.Outcome.DONE);
        verify(docker, never()).stopAndKeep(any());
        verify(loadBalancer, never()).applyUpstream(any());
    }

    @Test
    void eachMigrationContainerIsTheRunsOwnAndIsRemovedOnlyOnceItsResultIsRecorded(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        migrationUpFails();
        stack.start(env, worker);

        deployFailure(workflow, TestPlans.deploy(3, "v2"));

        String runId = WorkflowStub.fromTyped(workflow).getExecution().getRunId();
        String up = "shop-demo-app-migrate-v2-" + runId.substring(0, 8);
        String down = "shop-demo-app-migrate-down-v2-" + runId.substring(0, 8);
        InOrder order = inOrder(migration);
        order.verify(migration).run(argThat(m -> m.container().equals(up)));
        order.verify(migration).remove(Host.LOCAL, up);
        order.verify(migration).run(argThat(m -> m.container().equals(down)));
        order.verify(migration).remove(Host.LOCAL, down);
    }

    @Test
    void whenAReplicaCannotBePutBackTheMigrationIsNotUndoneAndTheReportSaysSo(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        newReleaseIsUnhealthyOn("shop-demo-app-2");
        doThrow(ApplicationFailure.newNonRetryableFailure("the kept container is gone", "RollbackImpossible"))
                .when(docker)
                .restoreReplica(argThat(r -> r.container().equals("shop-demo-app-1")));
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v3-broken"));

        assertThat(failure.compensations())
                .extracting(Compensation::outcome)
                .containsExactly(Compensation.Outcome.DONE, Compensation.Outcome.FAILED, Compensation.Outcome.SKIPPED);
        assertThat(failure.compensations().get(1).message()).isEqualTo("the kept container is gone");
        assertThat(failure.fullyUndone()).isFalse();
        verify(migration, never()).run(argThat(m -> m.command().contains("down")));
    }

    @Test
    void aFirstDeployThatFailsRemovesWhatItCreatedAndRestoresTheDatabaseItCannotMigrateDown(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.running("v1", 0);
        newReleaseIsUnhealthyOn("shop-demo-app-2");
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v1"));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("remove shop-demo-app-2, new in v1", Compensation.Outcome.DONE),
                        tuple("remove shop-demo-app-1, new in v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to the revision before v1", Compensation.Outcome.DONE));
        assertThat(failure.compensations().get(2).message())
                .startsWith("no release ran before v1, so there is no"
                        + " revision to go back to; restored backup shop-demo-");
        verify(docker, times(2)).restoreReplica(argThat(r -> !r.hadOldReplica()));
        assertThat(upstreams.get(upstreams.size() - 1)).isEmpty();
    }

    @Test
    void replicasOnDifferentReleasesAreRefusedBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.replica("shop-demo-app-1", StackMocks.state("shop-demo-app-1", "relman/shop-app:v2", true));
        stack.start(env, worker);

        ReleaseFailure failure = deployFailure(workflow, TestPlans.deploy(3, "v3"));

        assertThat(failure.reason())
                .contains("failed during preflight: the replicas of app run different releases"
                        + " ({v1=[shop-demo-app-2, shop-demo-app-3], v2=[shop-demo-app-1]})")
                .contains("Nothing was changed.");
        assertThat(failure.compensations()).isEmpty();
        verify(docker, never()).buildImage(any());
    }

    @Test
    void transientDockerErrorsAreRetriedAndTheReleaseCompletes(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        AtomicInteger attempts = new AtomicInteger();
        doAnswer(call -> {
                    if (attempts.incrementAndGet() <= 2) {
                        throw new IllegalStateException("docker engine busy");
                    }
                    return stack.create(call.getArgument(0));
                })
                .when(docker)
                .createReplica(any());
        stack.start(env, worker);

        ReleaseResult result = workflow.deploy(TestPlans.deploy(1, "v2"));

        assertThat(attempts).hasValue(3);
        assertThat(result.replicas()).hasSize(1);
    }

    @Test
    @Timeout(60)
    void aProbeWhoseWorkerStopsHeartbeatingIsRetriedAfterTheHeartbeatTimeout(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        AtomicInteger attempts = new AtomicInteger();
        doAnswer(call -> {
                    if (attempts.incrementAndGet() == 1) {
                        // A worker that hangs (or died) sends no heartbeat: the server times the attempt out.
                        Thread.sleep(RelmanActivityOptions.DEFAULT_HEARTBEAT_TIMEOUT
                                .plusSeconds(3)
                                .toMillis());
                    }
                    return new HealthReport("shop-demo-app-1", 1, 5);
                })
                .when(health)
                .awaitHealthy(any());
        stack.start(env, worker);

        ReleaseResult result = workflow.deploy(TestPlans.deploy(1, "v2"));

        assertThat(attempts).hasValue(2);
        assertThat(result.replicas()).hasSize(1);
    }

    @Test
    void nonRetryableErrorsAreNotRetried(TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        doThrow(ApplicationFailure.newNonRetryableFailure("no Dockerfile", "BuildFailed"))
                .when(docker)
                .buildImage(any());
        stack.start(env, worker);

        assertThatThrownBy(() -> workflow.deploy(TestPlans.deploy(3, "v2")))
                .isInstanceOf(WorkflowFailedException.class);

        verify(docker, times(1)).buildImage(any());
        verify(migration, never()).run(any());
    }

    @Test
    void anUnknownEnvironmentFailsWithoutTouchingAnything(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        assertThatThrownBy(() -> workflow.deploy(new ReleaseRequest(TestPlans.shop(3), "production", "v2", "t@h")))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("environment 'production' is not in relman.yml");

        verify(docker, never()).buildImage(any());
    }

    @Test
    void progressQueryReportsTheReplicaBeingReplacedAndThePercentageDone(TestWorkflowEnvironment env, Worker worker)
            throws InterruptedException {
        CountDownLatch probing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        doAnswer(call -> {
                    probing.countDown();
                    release.await(20, TimeUnit.SECONDS);
                    return new HealthReport("shop-demo-app-2", 1, 5);
                })
                .when(health)
                .awaitHealthy(argThat(h -> h.replica().equals("shop-demo-app-2")));
        stack.start(env, worker);
        WorkflowClient client = env.getWorkflowClient();
        DeployWorkflow run = client.newWorkflowStub(
                DeployWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(worker.getTaskQueue())
                        .setWorkflowId("deploy-demo-v2")
                        .build());
        WorkflowClient.start(run::deploy, TestPlans.deploy(3, "v2"));

        assertThat(probing.await(20, TimeUnit.SECONDS)).isTrue();
        ReleaseProgress progress = run.progress();
        release.countDown();

        assertThat(progress.step()).isEqualTo(ReleaseStep.ROLLOUT);
        assertThat(progress.replica()).isEqualTo(2);
        assertThat(progress.replicasDone()).isEqualTo(1);
        assertThat(progress.percent()).isEqualTo(33);
        assertThat(progress.lastMessage()).startsWith("probing shop-demo-app-2");
        assertThat(progress.events())
                .extracting(ReleaseEvent::step)
                .containsSubsequence(
                        ReleaseStep.PREFLIGHT, ReleaseStep.BUILD, ReleaseStep.MIGRATE, ReleaseStep.ROLLOUT);
        assertThat(progress.events().get(0).percent()).isZero();
    }

    // Control while running: approval gate, pause and resume, abort.

    private DeployWorkflow startInBackground(TestWorkflowEnvironment env, Worker worker, ReleaseRequest request) {
        return stack.startDeploy(env, worker, request);
    }

    private static ReleaseRequest withApprovalBeforeMigrate(Duration timeout) {
        return new TestPlans.Shop()
                .replicas(2)
                .approvalBefore(timeout, "migrate")
                .deploy("v2");
    }

    @Test
    void anApprovalGateHoldsTheReleaseDurablyUntilSomeoneApproves(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = startInBackground(env, worker, withApprovalBeforeMigrate(Duration.ofDays(3)));

        env.sleep(Duration.ofDays(2));
        verify(migration, never()).run(any());
        assertThat(run.progress().step()).isEqualTo(ReleaseStep.APPROVAL);
        assertThat(run.progress().lastMessage()).contains("relman approve demo");
        run.approve("ana@laptop");
        ReleaseResult result = WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(result.replicas()).hasSize(2);
        verify(migration).run(argThat(m -> m.command().contains("up")));
        assertThat(run.progress().events()).extracting(ReleaseEvent::message).contains("approved by ana@laptop");
    }

    @Test
    void anApprovalThatNeverComesFailsTheReleaseAfterTheTimeoutAndNothingIsLeftChanged(
            TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = startInBackground(env, worker, withApprovalBeforeMigrate(Duration.ofHours(1)));

        env.sleep(Duration.ofHours(2));
        ReleaseFailure failure = deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.reason()).contains("failed during approval: nobody approved the release within 1h");
        assertThat(failure.compensations()).isEmpty();
        verify(migration, never()).run(any());
        verify(docker, never()).stopAndKeep(any());
    }

    @Test
    void pauseHoldsBeforeTheNextReplicaAndResumeGoesOn(TestWorkflowEnvironment env, Worker worker) throws Exception {
        CountDownLatch probingFirst = new CountDownLatch(1);
        CountDownLatch letFirstFinish = new CountDownLatch(1);
        doAnswer(call -> {
                    probingFirst.countDown();
                    letFirstFinish.await(20, TimeUnit.SECONDS);
                    return new HealthReport("shop-demo-app-1", 1, 5);
                })
                .when(health)
                .awaitHealthy(argThat(h -> h.replica().equals("shop-demo-app-1")));
        DeployWorkflow run = startInBackground(env, worker, TestPlans.deploy(2, "v2"));

        assertThat(probingFirst.await(20, TimeUnit.SECONDS)).isTrue();
        run.pause("ana@laptop");
        letFirstFinish.countDown();
        env.sleep(Duration.ofHours(1));

        verify(docker, never()).stopAndKeep(argThat(s -> s.container().equals("shop-demo-app-2")));
        assertThat(run.progress().lastMessage()).startsWith("paused by ana@laptop before shop-demo-app-2 (2/2)");
        run.resume("bo@desk");
        ReleaseResult result = WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);
        assertThat(result.replicas()).hasSize(2);
    }

    @Test
    void abortDuringTheRolloutWaitsForTheRunningStepThenUndoesEverythingInReverse(
            TestWorkflowEnvironment env, Worker worker) throws Exception {
        CountDownLatch probingSecond = new CountDownLatch(1);
        AtomicInteger secondProbes = new AtomicInteger();
        doAnswer(call -> {
                    if (secondProbes.incrementAndGet() == 1) {
                        // A probe heartbeats while it waits; the heartbeat is how it learns of the abort.
                        probingSecond.countDown();
                        while (true) {
                            Activity.getExecutionContext().heartbeat(null);
                            Thread.sleep(100);
                        }
                    }
                    return new HealthReport("shop-demo-app-2", 1, 5);
                })
                .when(health)
                .awaitHealthy(argThat(h -> h.replica().equals("shop-demo-app-2")));
        DeployWorkflow run = startInBackground(env, worker, TestPlans.deploy(3, "v2"));

        assertThat(probingSecond.await(20, TimeUnit.SECONDS)).isTrue();
        run.abort("ana@laptop");
        ReleaseFailure failure = deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.reason()).isEqualTo("deploy of v2 to demo aborted by ana@laptop during rollout");
        assertThat(failure.compensations())
                .extracting(Compensation::action)
                .containsExactly(
                        "put shop-demo-app-2 back on v1",
                        "put shop-demo-app-1 back on v1",
                        "migrate app down to what v1 needs");
        assertThat(failure.fullyUndone()).isTrue();
        verify(docker, never()).stopAndKeep(argThat(s -> s.container().equals("shop-demo-app-3")));
        assertThat(upstreams.get(upstreams.size() - 1))
                .containsExactly("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000");
    }
}
