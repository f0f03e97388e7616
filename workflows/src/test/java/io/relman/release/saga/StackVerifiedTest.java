package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.relman.docker.ContainerNames;
import io.relman.docker.ReplicaContainer;
import io.relman.docker.ReplicaState;
import io.relman.docker.RestoreReplicaRequest;
import io.relman.docker.RestoredReplica;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What relman says it did rests on the engine: containers under the replicas' names are checked to be
 * the plan's before anything is touched, and the stack is compared with the pre-flight's view after an
 * undo, and with the plan after a release.
 */
@Timeout(30)
class StackVerifiedTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();

    @Test
    void aContainerUnderAReplicasNameThatIsNotThePlansIsRefusedBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.replica(
                "shop-demo-app-2",
                new ReplicaState(
                        "shop-demo-app-2",
                        true,
                        true,
                        "sha256:nginx",
                        "nginx:1.25",
                        List.of("nginx"),
                        "1.25",
                        Map.of(),
                        false));
        stack.replica(
                "shop-demo-app-3",
                new ReplicaState(
                        "shop-demo-app-3",
                        true,
                        true,
                        StackMocks.imageIdOf("relman/shop-app:v1"),
                        "relman/shop-app:v1",
                        List.of("relman/shop-app"),
                        "v1",
                        Map.of(
                                ContainerNames.LABEL_PROJECT,
                                "shop",
                                ContainerNames.LABEL_ENVIRONMENT,
                                "staging",
                                ContainerNames.LABEL_SERVICE,
                                "app"),
                        false));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(TestPlans.deploy(3, "v2")));

        assertThat(failure.reason())
                .contains("shop-demo-app-2 is not the replica of app that the plan means: it runs nginx:1.25, not an"
                        + " image of relman/shop-app")
                .contains("shop-demo-app-3 is not the replica of app that the plan means: relman made it for"
                        + " shop/staging/app (project/environment/service), not shop/demo/app")
                .contains("Nothing was changed.");
        assertThat(failure.compensations()).isEmpty();
        verify(stack.docker, never()).stopAndKeep(any());
        verify(stack.backups, never()).dump(any());
    }

    @Test
    void aKeptOldContainerThatRunsAgainIsRefusedBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // As docker-compose up -d leaves a compose stack that still has relman's kept copies.
        stack.engine.remove("shop-demo-app-1");
        stack.replica(
                "shop-demo-app-1-previous", StackMocks.state("shop-demo-app-1-previous", "relman/shop-app:v1", true));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(TestPlans.deploy(3, "v2")));

        assertThat(failure.reason())
                .contains("shop-demo-app-1-previous run(s), but relman keeps the old container of a replica it"
                        + " replaced stopped")
                .contains("Nothing was changed.");
        verify(stack.docker, never()).stopAndKeep(any());
    }

    @Test
    void aReleaseThatComparedWellRemovesTheKeptCopiesOfComposeContainers(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(TestPlans.deploy(3, "v2"));

        verify(stack.docker)
                .removeKeptComposeCopies(argThat(
                        q -> q.containers().equals(List.of("shop-demo-app-1", "shop-demo-app-2", "shop-demo-app-3"))));
    }

    @Test
    void anUndoThatLeavesTheStackOtherThanItWasSaysSoAndNeverThatEverythingWasUndone(
            TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        // The kept shop-demo-app-2 "comes back", but the engine has it stopped.
        doAnswer(call -> {
                    RestoreReplicaRequest request = call.getArgument(0);
                    ReplicaState kept = stack.engine.remove(request.container() + "-previous");
                    stack.engine.put(request.container(), StackMocks.state(request.container(), kept.image(), false));
                    return new RestoredReplica(request.container(), "old-id", kept.image(), "started the kept one");
                })
                .when(stack.docker)
                .restoreReplica(argThat(r -> r != null && r.container().equals("shop-demo-app-2")));
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v2"));
        WorkflowStub stub = WorkflowStub.fromTyped(run);

        ReleaseFailure failure = StackMocks.failureOf(() -> stub.getResult(Void.class));

        assertThat(failure.compensations()).extracting(Compensation::outcome).containsOnly(Compensation.Outcome.DONE);
        assertThat(failure.differences()).containsExactly("shop-demo-app-2 is stopped now; it was running before");
        assertThat(failure.fullyUndone()).isFalse();
        List<String> events =
                run.progress().events().stream().map(ReleaseEvent::message).toList();
        assertThat(events).contains("NOT as before: shop-demo-app-2 is stopped now; it was running before");
        assertThat(events).noneMatch(event -> event.contains("every change was undone"));
        assertThat(events.get(events.size() - 1)).endsWith("some changes could NOT be undone, see above");
    }

    @Test
    void anUndoThatPutsEveryReplicaBackSaysSoAfterComparing(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v2"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Void.class));

        assertThat(failure.differences()).isEmpty();
        assertThat(failure.fullyUndone()).isTrue();
        assertThat(run.progress().lastMessage())
                .endsWith("every change was undone: compared with the engine, nginx's upstream files and the"
                        + " database's schema, the stack is as the pre-flight saw it");
        assertThat(stack.engine.get("shop-demo-app-2").image()).isEqualTo("relman/shop-app:v1");
    }

    @Test
    void aReleaseWhoseReplicasAreNotWhatItAskedForFailsAndIsUndone(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // The engine ends up running v1's image under shop-demo-app-3's name, whatever was asked.
        doAnswer(call -> {
                    ReplicaContainer created = stack.create(call.getArgument(0));
                    stack.replica("shop-demo-app-3", StackMocks.state("shop-demo-app-3", "relman/shop-app:v1", true));
                    return created;
                })
                .when(stack.docker)
                .createReplica(argThat(c -> c != null && c.container().equals("shop-demo-app-3")));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(TestPlans.deploy(3, "v2")));

        assertThat(failure.reason())
                .contains("the stack is not what the release asked for: shop-demo-app-3 runs relman/shop-app:v1");
        assertThat(failure.compensations()).hasSize(4); // three replicas and the migration
    }
}
