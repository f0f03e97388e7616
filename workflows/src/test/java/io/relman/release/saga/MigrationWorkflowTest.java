package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseResult;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;

@Timeout(30)
class MigrationWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(MigrationWorkflowImpl.class);

    private static final String UNDO = "migrate app down to what v1 needs";

    private final StackMocks stack = new StackMocks();

    @Test
    void backsUpMigratesAndChecksEveryRunningReplicaWithoutTouchingAny(
            TestWorkflowEnvironment env, Worker worker, MigrationWorkflow workflow) {
        stack.start(env, worker);

        ReleaseResult result = workflow.migrate(TestPlans.deploy(3, "v2"));

        InOrder order = inOrder(stack.docker, stack.backups, stack.migration, stack.health, stack.releases);
        order.verify(stack.docker).inspectReplicas(any());
        order.verify(stack.backups).dump(any());
        order.verify(stack.docker).buildImage(any());
        order.verify(stack.migration).run(argThat(m -> m.command().equals(List.of("/app/migrate", "up"))));
        for (int i = 1; i <= 3; i++) {
            String name = "shop-demo-app-" + i;
            order.verify(stack.health).awaitHealthy(argThat(h -> h.replica().equals(name)));
        }
        order.verify(stack.releases)
                .record(argThat(r -> r.kind() == ReleaseKind.MIGRATION && r.outcome() == ReleaseOutcome.SUCCEEDED));
        assertThat(result.replicas()).isEmpty();
        verify(stack.docker, never()).stopAndKeep(any());
        verify(stack.loadBalancer, never()).applyUpstream(any());
    }

    static List<InjectedFailure> everyStepOfAMigration() {
        ApplicationFailure broken = ApplicationFailure.newNonRetryableFailure("injected", "PlanError");
        return List.of(
                new InjectedFailure(
                        "preflight", s -> doThrow(broken).when(s.docker).inspectReplicas(any()), List.of()),
                new InjectedFailure(
                        "backup", s -> doThrow(broken).when(s.backups).dump(any()), List.of()),
                new InjectedFailure("build", s -> doThrow(broken).when(s.docker).buildImage(any()), List.of()),
                new InjectedFailure(
                        "migrate up",
                        s -> doThrow(broken)
                                .when(s.migration)
                                .run(argThat(m -> m.command().contains("up"))),
                        List.of(UNDO)),
                new InjectedFailure("verify replica 1", s -> s.firstProbeFailsOn("shop-demo-app-1"), List.of(UNDO)),
                new InjectedFailure("verify replica 3", s -> s.firstProbeFailsOn("shop-demo-app-3"), List.of(UNDO)));
    }

    @ParameterizedTest(name = "failure at {0}")
    @MethodSource("everyStepOfAMigration")
    void aFailureAtAnyStepUndoesExactlyWhatWasDone(
            InjectedFailure injected, TestWorkflowEnvironment env, Worker worker, MigrationWorkflow workflow) {
        injected.inject().accept(stack);
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.migrate(TestPlans.deploy(3, "v2")));

        assertThat(failure.reason()).startsWith("migration of v2 to demo failed during");
        assertThat(failure.compensations()).extracting(Compensation::action).containsExactlyElementsOf(injected.undo());
        assertThat(failure.compensations())
                .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Compensation.Outcome.DONE));
        verify(stack.docker, never()).stopAndKeep(any());
        verify(stack.releases)
                .record(argThat(r -> r.kind() == ReleaseKind.MIGRATION && r.outcome() == ReleaseOutcome.FAILED));
    }
}
