package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.database.BackupFile;
import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.Host;
import io.relman.plan.UpdateOrder;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;

@Timeout(30)
class RollbackWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(RollbackWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();

    @BeforeEach
    void runningV2() {
        stack.running("v2", 2);
    }

    private static RollbackRequest toV1(BackupFile restoreFrom) {
        return new RollbackRequest(TestPlans.deploy(2, "v1"), "v2", restoreFrom, null);
    }

    @Test
    void putsTheEarlierImageOnEveryReplicaThenMigratesDownWithTheNewerImage(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        stack.start(env, worker);

        ReleaseResult result = workflow.rollback(toV1(null));

        // The deploy migrated (expand) before its rollout, so the rollback shrinks the schema after its own.
        InOrder order = inOrder(stack.docker, stack.backups, stack.migration, stack.releases);
        order.verify(stack.backups).dump(any());
        order.verify(stack.docker).imageId(Host.LOCAL, "relman/shop-app:v1");
        order.verify(stack.docker)
                .createReplica(argThat(c ->
                        c.container().equals("shop-demo-app-1") && c.image().equals("relman/shop-app:v1")));
        order.verify(stack.docker).createReplica(argThat(c -> c.container().equals("shop-demo-app-2")));
        order.verify(stack.migration)
                .run(argThat(m -> m.image().equals("relman/shop-app:v2")
                        && m.command().equals(List.of("/app/migrate", "down", "v1"))));
        order.verify(stack.releases)
                .record(argThat(r -> r.kind() == ReleaseKind.ROLLBACK
                        && r.version().equals("v1")
                        && r.outcome() == ReleaseOutcome.SUCCEEDED));
        verify(stack.docker, never()).buildImage(any());
        verify(stack.backups, never()).restore(any());
        assertThat(result.replicas()).hasSize(2);
    }

    @Test
    void aRollbackOfACanaryServiceStartsNoCanaryAndReplacesTheReplicasInItsThenOrder(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        stack.start(env, worker);
        Canary canary =
                new Canary(1, List.of(CanaryStep.weight(10), CanaryStep.pauseUntilPromoted()), UpdateOrder.START_FIRST);

        workflow.rollback(new RollbackRequest(
                new TestPlans.Shop().replicas(2).canary(canary).deploy("v1"), "v2", null, null));

        verify(stack.docker, times(2)).setAside(any());
        verify(stack.docker, never()).stopAndKeep(any());
        verify(stack.docker, times(2)).createReplica(argThat(c -> c.image().equals("relman/shop-app:v1")));
    }

    @Test
    void theRecordedImageGoesBackEvenIfItsTagNamesAnotherSince(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        // v1 was rebuilt since its release: the tag names another image; the released one is still there.
        String released = "sha256:" + "0123456789ab".repeat(5) + "cdef";
        stack.start(env, worker);

        workflow.rollback(
                new RollbackRequest(TestPlans.deploy(2, "v1"), "v2", null, java.util.Map.of("app", released)));

        verify(stack.docker, times(2)).createReplica(argThat(c -> c.image().equals(released)));
        verify(stack.releases).record(argThat(r -> r.images().get("app").equals(released)));
    }

    @Test
    void aRecordedImageThatIsGoneStopsTheRollbackBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        String released = "sha256:" + "f".repeat(64);
        when(stack.docker.imageId(Host.LOCAL, released)).thenReturn(null);
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.rollback(
                new RollbackRequest(TestPlans.deploy(2, "v1"), "v2", null, java.util.Map.of("app", released))));

        assertThat(failure.reason())
                .contains("the image v1 went out with (ffffffffffff) is no longer on the worker's docker engine");
        verify(stack.docker, never()).createReplica(any());
        verify(stack.migration, never()).run(any());
    }

    @Test
    void aPlanThatMigratesAfterTheRolloutIsRolledBackSchemaFirst(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        stack.start(env, worker);

        workflow.rollback(new RollbackRequest(
                new TestPlans.Shop()
                        .replicas(2)
                        .steps("preflight", "build", "rollout", "backup", "migrate", "validate")
                        .deploy("v1"),
                "v2",
                null,
                null));

        InOrder order = inOrder(stack.docker, stack.backups, stack.migration);
        order.verify(stack.backups).dump(any());
        order.verify(stack.migration).run(argThat(m -> m.command().contains("down")));
        order.verify(stack.docker).createReplica(argThat(c -> c.container().equals("shop-demo-app-1")));
    }

    @Test
    void withRestoreDbTheNewerReleasesBackupIsRestoredInsteadOfMigratingDown(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        stack.start(env, worker);

        workflow.rollback(toV1(StackMocks.BEFORE_V2));

        verify(stack.backups).restore(argThat(r -> r.backup().equals(StackMocks.BEFORE_V2)));
        verify(stack.migration, never()).run(any());
    }

    @Test
    void aRollbackFromAReleaseTheEnvironmentDoesNotRunIsRefusedBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(
                () -> workflow.rollback(new RollbackRequest(TestPlans.deploy(2, "v1"), "v3", null, null)));

        assertThat(failure.reason()).contains("the replicas of app in demo run v2, not v3");
        assertThat(failure.compensations()).isEmpty();
        verify(stack.backups, never()).dump(any());
    }

    record InjectedFailure(String failingStep, Consumer<StackMocks> inject, BackupFile restoreFrom, List<String> undo) {
        @Override
        public String toString() {
            return failingStep;
        }
    }

    private static final String MIGRATE_UP_AGAIN = "migrate app up again to what v2 needs";
    private static final String RESTORE_BEFORE = "put the database back as it was before the rollback";
    private static final String PUT_BACK_1 = "put shop-demo-app-1 back on v2";
    private static final String PUT_BACK_2 = "put shop-demo-app-2 back on v2";

    static List<InjectedFailure> everyStepOfARollback() {
        ApplicationFailure broken = ApplicationFailure.newNonRetryableFailure("injected", "PlanError");
        return List.of(
                new InjectedFailure(
                        "backup", s -> doThrow(broken).when(s.backups).dump(any()), null, List.of()),
                new InjectedFailure(
                        "image gone", s -> when(s.docker.imageId(any(), any())).thenReturn(null), null, List.of()),
                new InjectedFailure(
                        "probe replica 1", s -> s.firstProbeFailsOn("shop-demo-app-1"), null, List.of(PUT_BACK_1)),
                new InjectedFailure(
                        "probe replica 2, restoring",
                        s -> s.firstProbeFailsOn("shop-demo-app-2"),
                        StackMocks.BEFORE_V2,
                        List.of(PUT_BACK_2, PUT_BACK_1)),
                new InjectedFailure(
                        "migrate down",
                        s -> doThrow(broken).when(s.migration).run(any()),
                        null,
                        List.of(MIGRATE_UP_AGAIN, PUT_BACK_2, PUT_BACK_1)),
                new InjectedFailure(
                        "restore",
                        s -> doThrow(broken)
                                .when(s.backups)
                                .restore(argThat(r -> r.backup().equals(StackMocks.BEFORE_V2))),
                        StackMocks.BEFORE_V2,
                        List.of(RESTORE_BEFORE, PUT_BACK_2, PUT_BACK_1)),
                new InjectedFailure(
                        "validate",
                        s -> doThrow(broken).when(s.health).validateEndpoints(any()),
                        null,
                        List.of(MIGRATE_UP_AGAIN, PUT_BACK_2, PUT_BACK_1)));
    }

    @ParameterizedTest(name = "failure at {0}")
    @MethodSource("everyStepOfARollback")
    void aFailureAtAnyStepPutsTheNewerReleaseBackInReverseOrder(
            InjectedFailure injected, TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        injected.inject().accept(stack);
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.rollback(toV1(injected.restoreFrom())));

        assertThat(failure.reason()).startsWith("rollback of v1 to demo failed during");
        assertThat(failure.compensations()).extracting(Compensation::action).containsExactlyElementsOf(injected.undo());
        assertThat(failure.compensations())
                .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Compensation.Outcome.DONE));
        verify(stack.releases)
                .record(argThat(r -> r.kind() == ReleaseKind.ROLLBACK && r.outcome() == ReleaseOutcome.FAILED));
    }

    @Test
    void aRestoreWithoutABackupStepIsUndoneByPuttingTheReplacedDatabaseBack(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        // No backup step: the run takes no backup of its own, so its undo cannot restore one.
        doThrow(ApplicationFailure.newNonRetryableFailure("GET /items gave HTTP 500", "ValidationFailed"))
                .when(stack.health)
                .validateEndpoints(any());
        when(stack.backups.putBack(any())).thenReturn("shop is the database from before the restore again");
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.rollback(new RollbackRequest(
                new TestPlans.Shop()
                        .replicas(2)
                        .withoutMigration()
                        .steps("preflight", "build", "migrate", "rollout", "validate")
                        .deploy("v1"),
                "v2",
                StackMocks.BEFORE_V2,
                null)));

        verify(stack.backups, never()).dump(any());
        verify(stack.backups)
                .putBack(argThat(p -> p.asideDatabase().startsWith("shop_before_restore_")
                        && p.restoredAside().startsWith("shop_restored_before_restore_")));
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .contains(tuple(RESTORE_BEFORE, Compensation.Outcome.DONE));
    }

    @Test
    void whenTheSchemaCannotBeMigratedUpAgainTheBackupTakenBeforeTheRollbackIsRestored(
            TestWorkflowEnvironment env, Worker worker, RollbackWorkflow workflow) {
        doThrow(ApplicationFailure.newNonRetryableFailure("GET /items gave HTTP 500", "ValidationFailed"))
                .when(stack.health)
                .validateEndpoints(any());
        doThrow(ApplicationFailure.newNonRetryableFailure("cannot", "MigrationFailed"))
                .when(stack.migration)
                .run(argThat(m -> m.command().contains("up")));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.rollback(toV1(null)));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple(MIGRATE_UP_AGAIN, Compensation.Outcome.DONE),
                        tuple(PUT_BACK_2, Compensation.Outcome.DONE),
                        tuple(PUT_BACK_1, Compensation.Outcome.DONE));
        assertThat(failure.compensations().get(0).message())
                .startsWith("migrate up failed: cannot; restored backup shop-demo-");
    }
}
