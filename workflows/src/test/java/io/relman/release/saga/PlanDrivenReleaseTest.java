package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.EngineStatus;
import io.relman.docker.ReplicaState;
import io.relman.docker.StopReplicaRequest;
import io.relman.plan.UpdateOrder;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;

/** What the plan decides about a release: the order of its steps, its approval gates, start-first. */
@Timeout(30)
class PlanDrivenReleaseTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private static final String BOTH_OLD = "[shop-demo-app-1:8000, shop-demo-app-2:8000]";
    private static final String PUT_BACK_1 = "put shop-demo-app-1 back on v1";
    private static final String PUT_BACK_2 = "put shop-demo-app-2 back on v1";
    private static final String MIGRATE_DOWN = "migrate app down to what v1 needs";

    private final StackMocks stack = new StackMocks();

    @BeforeEach
    void twoReplicasOnV1() {
        stack.running("v1", 2);
    }

    private static TestPlans.Shop twoReplicas() {
        return new TestPlans.Shop().replicas(2);
    }

    @Test
    void aPostDeployMigrationRunsAfterTheRolloutAndIsUndoneBeforeTheReplicas(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        doThrow(ApplicationFailure.newNonRetryableFailure("GET /items gave HTTP 500", "ValidationFailed"))
                .when(stack.health)
                .validateEndpoints(any());
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(twoReplicas()
                .steps("preflight", "build", "rollout", "backup", "migrate", "validate")
                .deploy("v2")));

        InOrder order = inOrder(stack.docker, stack.backups, stack.migration, stack.health);
        order.verify(stack.docker).buildImage(any());
        order.verify(stack.docker).createReplica(argThat(c -> c.container().equals("shop-demo-app-2")));
        order.verify(stack.backups).dump(any());
        order.verify(stack.migration).run(argThat(m -> m.command().contains("up")));
        order.verify(stack.health).validateEndpoints(any());
        order.verify(stack.migration).run(argThat(m -> m.command().contains("down")));
        order.verify(stack.docker).restoreReplica(argThat(r -> r.container().equals("shop-demo-app-2")));
        assertThat(failure.compensations())
                .extracting(Compensation::action)
                .containsExactly(MIGRATE_DOWN, PUT_BACK_2, PUT_BACK_1);
    }

    @Test
    void eachApprovalOpensOneGate(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = stack.startDeploy(
                env,
                worker,
                twoReplicas()
                        .approvalBefore(Duration.ofDays(1), "migrate", "rollout")
                        .deploy("v2"));

        env.sleep(Duration.ofHours(1));
        assertThat(run.progress().lastMessage()).startsWith("waiting for approval before migrate of v2");
        run.approve("ana@laptop");
        env.sleep(Duration.ofHours(1));
        assertThat(run.progress().lastMessage()).startsWith("waiting for approval before rollout of v2");
        verify(stack.migration).run(any());
        verify(stack.docker, never()).stopAndKeep(any());
        run.approve("ben@laptop");
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("approved by ana@laptop", "approved by ben@laptop");
    }

    @Test
    void anApprovalSentTwiceBeforeAGateOpensOnlyThatGate(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = stack.startDeploy(
                env,
                worker,
                twoReplicas()
                        .approvalBefore(Duration.ofDays(1), "build", "rollout")
                        .deploy("v2"));
        run.approve("ana@laptop");
        run.approve("ana@laptop");

        env.sleep(Duration.ofHours(1));

        assertThat(run.progress().lastMessage()).startsWith("waiting for approval before rollout of v2");
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("approval by ana@laptop ignored: ana@laptop already approved the next gate");
        verify(stack.docker, never()).stopAndKeep(any());
    }

    @Test
    void startFirstServesTheNewReplicaBeforeTheOldOneLeavesSoNoneIsEverMissing(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(twoReplicas().updateOrder(UpdateOrder.START_FIRST).deploy("v2"));

        assertThat(stack.upstreams)
                .extracting(Object::toString)
                .containsExactly(
                        "[shop-demo-app-1-previous:8000, shop-demo-app-2:8000]",
                        "[shop-demo-app-1:8000, shop-demo-app-1-previous:8000, shop-demo-app-2:8000]",
                        BOTH_OLD,
                        "[shop-demo-app-1:8000, shop-demo-app-2-previous:8000]",
                        "[shop-demo-app-1:8000, shop-demo-app-2:8000, shop-demo-app-2-previous:8000]",
                        BOTH_OLD);
        InOrder order = inOrder(stack.docker, stack.health);
        for (String name : List.of("shop-demo-app-1", "shop-demo-app-2")) {
            order.verify(stack.docker).setAside(argThat(s -> s.container().equals(name)));
            order.verify(stack.docker).createReplica(argThat(c -> c.container().equals(name)));
            order.verify(stack.health).awaitHealthy(argThat(h -> h.replica().equals(name)));
            order.verify(stack.docker).stopKept(argThat(s -> s.container().equals(name)));
        }
        verify(stack.docker, never()).stopAndKeep(any());
    }

    @Test
    void drainFirstStopsTheDrainedReplicaWhileItsSuccessorStarts(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // Each old replica's stop waits until its successor is being created: run one after the other,
        // the release would never end.
        Map<String, CountDownLatch> created =
                Map.of("shop-demo-app-1", new CountDownLatch(1), "shop-demo-app-2", new CountDownLatch(1));
        doAnswer(call -> {
                    CreateReplicaRequest request = call.getArgument(0);
                    created.get(request.container()).countDown();
                    return stack.create(request);
                })
                .when(stack.docker)
                .createReplica(any());
        doAnswer(call -> {
                    String name = call.<StopReplicaRequest>getArgument(0).container();
                    if (!created.get(name).await(20, TimeUnit.SECONDS)) {
                        throw ApplicationFailure.newNonRetryableFailure(name + " stopped before its successor", "Test");
                    }
                    stack.engine.computeIfPresent(
                            name + "-previous", (kept, state) -> StackMocks.state(kept, state.image(), false));
                    return null;
                })
                .when(stack.docker)
                .stopKept(any());
        stack.start(env, worker);

        ReleaseResult result = workflow.deploy(
                twoReplicas().updateOrder(UpdateOrder.DRAIN_FIRST).deploy("v2"));

        assertThat(result.replicas()).hasSize(2);
        assertThat(stack.upstreams)
                .extracting(Object::toString)
                .containsExactly("[shop-demo-app-2:8000]", BOTH_OLD, "[shop-demo-app-1:8000]", BOTH_OLD);
        InOrder order = inOrder(stack.docker, stack.health);
        for (String name : List.of("shop-demo-app-1", "shop-demo-app-2")) {
            order.verify(stack.docker).setAside(argThat(s -> s.container().equals(name)));
            order.verify(stack.health).awaitHealthy(argThat(h -> h.replica().equals(name)));
        }
        verify(stack.docker, never()).stopAndKeep(any());
        assertThat(stack.engine.get("shop-demo-app-1-previous").running()).isFalse();
    }

    /** Each step of a start-first or a drain-first replacement, failing. */
    static Stream<Arguments> everyStepOfAReplacementWithTwoCopies() {
        ApplicationFailure broken = ApplicationFailure.newNonRetryableFailure("injected", "PlanError");
        List<String> undoFirst = List.of(PUT_BACK_1, MIGRATE_DOWN);
        InjectedFailure setAside = new InjectedFailure(
                "set aside 1", s -> doThrow(broken).when(s.docker).setAside(any()), undoFirst);
        InjectedFailure create = new InjectedFailure(
                "create 1", s -> doThrow(broken).when(s.docker).createReplica(any()), undoFirst);
        InjectedFailure probe = new InjectedFailure("probe 1", s -> s.firstProbeFailsOn("shop-demo-app-1"), undoFirst);
        InjectedFailure stopOld = new InjectedFailure(
                "stop old 1", s -> doThrow(broken).when(s.docker).stopKept(any()), undoFirst);
        InjectedFailure probeNext = new InjectedFailure(
                "probe 2", s -> s.firstProbeFailsOn("shop-demo-app-2"), List.of(PUT_BACK_2, PUT_BACK_1, MIGRATE_DOWN));
        Stream<InjectedFailure> startFirst = Stream.of(
                setAside,
                new InjectedFailure("follow 1", s -> s.failUpstreamCall(1, broken), undoFirst),
                create,
                probe,
                new InjectedFailure("add 1", s -> s.failUpstreamCall(2, broken), undoFirst),
                new InjectedFailure("drain old 1", s -> s.failUpstreamCall(3, broken), undoFirst),
                stopOld,
                probeNext);
        Stream<InjectedFailure> drainFirst = Stream.of(
                new InjectedFailure("drain 1", s -> s.failUpstreamCall(1, broken), undoFirst),
                setAside,
                stopOld,
                create,
                probe,
                new InjectedFailure("return 1", s -> s.failUpstreamCall(2, broken), undoFirst),
                probeNext);
        return Stream.concat(
                startFirst.map(failure -> Arguments.of(UpdateOrder.START_FIRST, failure)),
                drainFirst.map(failure -> Arguments.of(UpdateOrder.DRAIN_FIRST, failure)));
    }

    @ParameterizedTest(name = "{0}, failure at {1}")
    @MethodSource("everyStepOfAReplacementWithTwoCopies")
    void aFailureAtAnyStepOfAReplacementWithTwoCopiesPutsTheOldReplicasBack(
            UpdateOrder order,
            InjectedFailure injected,
            TestWorkflowEnvironment env,
            Worker worker,
            DeployWorkflow workflow) {
        injected.inject().accept(stack);
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(
                () -> workflow.deploy(twoReplicas().updateOrder(order).deploy("v2")));

        assertThat(failure.compensations()).extracting(Compensation::action).containsExactlyElementsOf(injected.undo());
        assertThat(failure.compensations())
                .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Compensation.Outcome.DONE));
        assertThat(stack.upstreams.get(stack.upstreams.size() - 1)).hasToString(BOTH_OLD);
    }

    @Test
    void whenTheNewReplicaFailsItsProbeTheOldOneServesThroughoutTheUndo(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.firstProbeFailsOn("shop-demo-app-1");
        stack.start(env, worker);

        StackMocks.failureOf(() -> workflow.deploy(
                twoReplicas().updateOrder(UpdateOrder.START_FIRST).deploy("v2")));

        assertThat(stack.upstreams)
                .extracting(Object::toString)
                .containsExactly("[shop-demo-app-1-previous:8000, shop-demo-app-2:8000]", BOTH_OLD);
    }

    @Test
    void onASwarmNodeOfDocker20DrainFirstIsRefusedBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        when(stack.docker.checkEngine(any()))
                .thenReturn(new EngineStatus("20.10.24+dfsg1", "/var/lib/docker", 50L << 30, true));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(
                twoReplicas().updateOrder(UpdateOrder.DRAIN_FIRST).deploy("v2")));

        assertThat(failure.reason())
                .contains(
                        "is a swarm node, and Docker 20.10.24+dfsg1 there leaves a renamed running container's DNS"
                                + " name behind, which app (drain-first) would rely on",
                        "set update_order: stop-first");
        assertThat(failure.compensations()).isEmpty();
        verify(stack.docker, never()).buildImage(any());
    }

    @Test
    void onASwarmNodeOfDocker20StopFirstRuns(TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        when(stack.docker.checkEngine(any()))
                .thenReturn(new EngineStatus("20.10.24+dfsg1", "/var/lib/docker", 50L << 30, true));
        stack.start(env, worker);

        assertThat(workflow.deploy(twoReplicas().deploy("v2")).replicas()).hasSize(2);
    }

    @Test
    void startFirstIsRefusedBeforeAnythingChangesWhenAReplicaPublishesAHostPort(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        ReplicaState running = StackMocks.state("shop-demo-app-1", "relman/shop-app:v1", true);
        stack.replica(
                "shop-demo-app-1",
                new ReplicaState(
                        running.container(),
                        true,
                        true,
                        running.imageId(),
                        running.image(),
                        running.imageRepositories(),
                        running.version(),
                        Map.of(),
                        true));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(
                twoReplicas().updateOrder(UpdateOrder.START_FIRST).deploy("v2")));

        assertThat(failure.reason())
                .contains("shop-demo-app-1 publish(es) a host port", "set update_order: stop-first");
        assertThat(failure.compensations()).isEmpty();
        verify(stack.docker, never()).buildImage(any());
    }
}
