package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.Mockito.verifyNoInteractions;

import io.relman.plan.PlanValidator;
import io.relman.release.DeployWorkflow;
import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseRequest;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import io.relman.release.TestPlans;
import io.relman.temporal.FailureType;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker trusts no client: a run started with a plan that breaks a rule, from anything but the CLI,
 * fails before any activity runs, with the words the CLI would have printed.
 */
@Timeout(30)
class PlanCheckedOnTheWorkerTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.extension(DeployWorkflowImpl.class, MigrationWorkflowImpl.class, RollbackWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();

    /** Starts one type of release run and waits for its result. */
    interface Release {
        void run(WorkflowClient client, WorkflowOptions options, ReleaseRequest request);
    }

    static Stream<Arguments> releaseRuns() {
        return Stream.of(
                Arguments.of("Deploy", (Release) (client, options, request) ->
                        client.newWorkflowStub(DeployWorkflow.class, options).deploy(request)),
                Arguments.of("Migration", (Release) (client, options, request) ->
                        client.newWorkflowStub(MigrationWorkflow.class, options).migrate(request)),
                Arguments.of("Rollback", (Release)
                        (client, options, request) -> client.newWorkflowStub(RollbackWorkflow.class, options)
                                .rollback(new RollbackRequest(request, "v2", null, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releaseRuns")
    void aPlanThatBreaksARuleFailsTheRunBeforeAnyActivityWithTheClisWords(
            String type, Release release, TestWorkflowEnvironment env, Worker worker) {
        stack.start(env, worker);
        ReleaseRequest zeroReplicas =
                new TestPlans.Shop().replicas(0).port(70000).deploy("v1");

        WorkflowFailedException failed = catchThrowableOfType(
                WorkflowFailedException.class,
                () -> release.run(
                        env.getWorkflowClient(),
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .build(),
                        zeroReplicas));

        ApplicationFailure failure = (ApplicationFailure) failed.getCause();
        assertThat(failure.getType()).isEqualTo(FailureType.PLAN_ERROR.typeName());
        assertThat(failure.isNonRetryable()).isTrue();
        assertThat(failure.getOriginalMessage())
                .isEqualTo(PlanValidator.refusal(
                        "relman.yml",
                        List.of(
                                "services/app/replicas: must be a whole number from 1 to 50",
                                "services/app/port: must be a whole number from 1 to 65535")));
        verifyNoInteractions(
                stack.docker, stack.loadBalancer, stack.health, stack.migration, stack.releases, stack.backups);
    }
}
