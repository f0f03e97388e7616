package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.relman.release.ReleaseRequest;
import io.relman.release.TestPlans;
import io.temporal.client.WorkflowFailedException;
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
 * of the plan first: a refusal ends the run before its pre-flight, with the worker's words.
 */
@Timeout(30)
class PlanAccessCheckedFirstTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                    DeployWorkflowImpl.class, MigrationWorkflowImpl.class, RollbackWorkflowImpl.class)
            .setDoNotStart(true)
            .build();

    private static final String REFUSAL = "hosts/bastion (the bastion of web2)/key /root/.ssh/id_ed25519 is outside"
            + " the directories this worker lets plans use. Nothing was changed.";

    private final StackMocks stack = new StackMocks();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.relman.release.saga.PlanCheckedOnTheWorkerTest#releaseRuns")
    void aRefusalOfTheWorkerEndsTheRunBeforeItsPreflight(
            String type, PlanCheckedOnTheWorkerTest.Release release, TestWorkflowEnvironment env, Worker worker) {
        when(stack.planAccess.check(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(REFUSAL, "PathRefused"));
        stack.register(worker);
        env.start();
        ReleaseRequest request = TestPlans.deploy(2, "v3");

        WorkflowFailedException failed = catchThrowableOfType(
                WorkflowFailedException.class,
                () -> release.run(
                        env.getWorkflowClient(),
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .build(),
                        request));

        ApplicationFailure failure = (ApplicationFailure) failed.getCause();
        assertThat(failure.getType()).isEqualTo("PathRefused");
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage()).isEqualTo(REFUSAL);
        verify(stack.planAccess)
                .check(argThat(access ->
                        access.project().equals("shop") && access.environment().equals("demo")));
        verifyNoInteractions(
                stack.docker, stack.loadBalancer, stack.health, stack.migration, stack.releases, stack.backups);
    }
}
