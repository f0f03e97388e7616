package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseRequest;
import io.relman.release.TestPlans;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Deploy, Migration and Rollback ask the worker to check every host (and its bastion), secret and directory
 * of the plan first: a refusal fails the run in its pre-flight, recorded, with the worker's words and nothing
 * to undo.
 */
@Timeout(30)
class PlanAccessCheckedFirstTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.extension(DeployWorkflowImpl.class, MigrationWorkflowImpl.class, RollbackWorkflowImpl.class);

    private static final String REFUSAL = "hosts/bastion (the bastion of web2)/key /root/.ssh/id_ed25519 is outside"
            + " the directories this worker lets plans use. Nothing was changed.";

    private final StackMocks stack = new StackMocks();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.relman.release.saga.PlanCheckedOnTheWorkerTest#releaseRuns")
    void aRefusalOfTheWorkerFailsTheRunBeforeAnythingChanges(
            String type, PlanCheckedOnTheWorkerTest.Release release, TestWorkflowEnvironment env, Worker worker) {
        when(stack.planAccess.check(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(REFUSAL, "PathRefused"));
        stack.start(env, worker);
        ReleaseRequest request = TestPlans.deploy(2, "v3");

        ReleaseFailure failure = StackMocks.failureOf(() -> release.run(
                env.getWorkflowClient(),
                WorkflowOptions.newBuilder().setTaskQueue(worker.getTaskQueue()).build(),
                request));

        assertThat(failure.step()).isEqualTo(ReleaseStep.PREFLIGHT);
        assertThat(failure.reason()).contains(REFUSAL);
        assertThat(failure.compensations())
                .as("nothing was done, so nothing is undone")
                .isEmpty();
        verify(stack.releases).record(any()); // the refused run is recorded as failed
        verify(stack.planAccess)
                .check(argThat(access ->
                        access.project().equals("shop") && access.environment().equals("demo")));
        verifyNoInteractions(stack.docker, stack.loadBalancer, stack.health, stack.migration, stack.backups);
    }
}
