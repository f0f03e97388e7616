package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.withSettings;

import io.relman.docker.CanaryActivities;
import io.relman.docker.CanaryRequest;
import io.relman.docker.ContainerNames;
import io.relman.docker.ReplicaContainer;
import io.relman.hooks.HookActivities;
import io.relman.hooks.HookOutcome;
import io.relman.hooks.ReplicaHookRequest;
import io.relman.nginx.CanaryTraffic;
import io.relman.nginx.CanaryTrafficQuery;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.CanaryAnalysis;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Hooks;
import io.relman.plan.UpdateOrder;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans.Shop;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code update_order: canary}: the canary starts beside the replicas, gets each weight's share through
 * nginx's weights, holds at its pauses until promoted (or their time is over), then serves while the
 * replicas are replaced and goes last; an abort in a pause, or a canary that fails its probe, leaves the
 * replicas untouched and the canary gone.
 */
@Timeout(30)
class CanaryReleaseTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private static final String CANARY = "shop-demo-app-canary-1";
    private static final Canary STEPS = new Canary(
            1,
            List.of(
                    CanaryStep.weight(10),
                    CanaryStep.pauseUntilPromoted(),
                    CanaryStep.weight(50),
                    CanaryStep.pause(Duration.ofMinutes(10))),
            UpdateOrder.STOP_FIRST);

    private final StackMocks stack = new StackMocks();
    private final CanaryActivities canaries =
            mock(CanaryActivities.class, withSettings().withoutAnnotations());
    /** Every upstream relman wrote (its servers, with the weight of those that have one), and each hook run. */
    private final List<String> upstreams = new CopyOnWriteArrayList<>();

    @BeforeEach
    void recordUpstreams() {
        doAnswer(call -> {
                    UpstreamUpdate update = call.getArgument(0);
                    upstreams.add(update.servers().stream()
                            .map(server -> server.replace(":8000", "")
                                    + (update.weights().containsKey(server)
                                            ? " weight=" + update.weights().get(server)
                                            : ""))
                            .toList()
                            .toString());
                    return null;
                })
                .when(stack.loadBalancer)
                .applyUpstream(any());
        doAnswer(call -> {
                    CanaryRequest request = call.getArgument(0);
                    return new ReplicaContainer(request.container(), "canary-id", request.image(), request.madeLike());
                })
                .when(canaries)
                .start(any());
        doAnswer(call -> "removed " + call.getArgument(1)).when(canaries).remove(any(), anyString(), any());
    }

    @Test
    void theCanaryGetsEachWeightHoldsUntilPromotedThenServesWhileTheReplicasAreReplacedAndGoesLast(
            TestWorkflowEnvironment env, Worker worker) {
        worker.registerActivitiesImplementations(canaries);
        DeployWorkflow run = stack.startDeploy(
                env, worker, new Shop().replicas(3).canary(STEPS).deploy("v2"));

        awaitEvent(run, "canary paused at 10% until relman promote demo");
        verify(stack.docker, never()).createReplica(any());
        run.promote("tester@host");
        run.promote("tester@host"); // a retried command: it must not end the pause at 50% too
        WorkflowStub.fromTyped(run).getResult(Object.class);

        verify(canaries)
                .start(argThat(request -> request.container().equals(CANARY)
                        && request.madeLike().equals("shop-demo-app-1")
                        && request.image().equals("relman/shop-app:v2")
                        && request.labels().get(ContainerNames.LABEL_CANARY_OF).equals("app")
                        && !request.labels().containsKey(ContainerNames.LABEL_SERVICE)));
        assertThat(upstreams)
                .startsWith(
                        "[shop-demo-app-1 weight=3, shop-demo-app-2 weight=3, shop-demo-app-3 weight=3, " + CANARY
                                + "]",
                        "[shop-demo-app-1, shop-demo-app-2, shop-demo-app-3, " + CANARY + " weight=3]",
                        "[shop-demo-app-1, shop-demo-app-2, shop-demo-app-3, " + CANARY + "]",
                        "[shop-demo-app-2, shop-demo-app-3, " + CANARY + "]")
                .endsWith("[shop-demo-app-1, shop-demo-app-2, shop-demo-app-3]");
        verify(canaries).remove(any(), argThat(CANARY::equals), any());
        assertThat(events(run))
                .contains("promoted by tester@host at 10%", "the canary's pause at 50% is over")
                .doesNotContain("promoted by tester@host at 50%")
                .anyMatch(event -> event.startsWith("the canaries get 10% of app's traffic (nginx weight 1 each, 3 for"
                        + " each of the 3 replicas on v1)"));
    }

    @Test
    void anAbortInAPauseTakesTheCanaryOutAndRemovesItAndTouchesNoReplica(TestWorkflowEnvironment env, Worker worker) {
        worker.registerActivitiesImplementations(canaries);
        DeployWorkflow run = stack.startDeploy(
                env, worker, new Shop().replicas(3).canary(STEPS).deploy("v2"));

        awaitEvent(run, "canary paused at 10% until relman promote demo");
        run.abort("tester@host");
        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Object.class));

        assertThat(failure.compensations())
                .extracting(Compensation::action)
                .contains("take the canaries of app out of nginx and remove them");
        assertThat(upstreams).last().isEqualTo("[shop-demo-app-1, shop-demo-app-2, shop-demo-app-3]");
        verify(canaries).remove(any(), argThat(CANARY::equals), any());
        verify(stack.docker, never()).createReplica(any());
        verify(stack.docker, never()).stopAndKeep(any());
    }

    @Test
    void aCanaryThatFailsItsProbeIsRemovedBeforeItGetsAnyTraffic(TestWorkflowEnvironment env, Worker worker) {
        doAnswer(call -> {
                    throw ApplicationFailure.newNonRetryableFailure(CANARY + " answered 503", "ReplicaUnhealthy");
                })
                .when(stack.health)
                .awaitHealthy(argThat(probe -> probe.replica().equals(CANARY)));
        worker.registerActivitiesImplementations(canaries);
        DeployWorkflow run = stack.startDeploy(
                env, worker, new Shop().replicas(3).canary(STEPS).deploy("v2"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Object.class));

        assertThat(failure.reason()).contains(CANARY + " answered 503");
        assertThat(upstreams).noneMatch(upstream -> upstream.contains(CANARY));
        verify(canaries).remove(any(), argThat(CANARY::equals), any());
        verify(stack.docker, never()).createReplica(any());
    }

    @Test
    void aCanaryThatBreaksInItsPauseFailsTheReleaseWhichTakesItOutAndTouchesNoReplica(
            TestWorkflowEnvironment env, Worker worker) {
        doAnswer(call -> {
                    Thread.sleep(200);
                    throw ApplicationFailure.newNonRetryableFailure(
                            CANARY + " broke 3 s into its watch: it restarted", "ReplicaBroke");
                })
                .when(stack.health)
                .watchHealthy(argThat(probe -> probe.replica().equals(CANARY)));
        worker.registerActivitiesImplementations(canaries);
        DeployWorkflow run = stack.startDeploy(
                env, worker, new Shop().replicas(3).canary(STEPS).deploy("v2"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Object.class));

        assertThat(failure.reason()).contains(CANARY + " broke 3 s into its watch");
        assertThat(upstreams).last().isEqualTo("[shop-demo-app-1, shop-demo-app-2, shop-demo-app-3]");
        verify(canaries).remove(any(), argThat(CANARY::equals), any());
        verify(stack.docker, never()).createReplica(any());
    }

    @Test
    void theCanaryRunsItsBeforeTrafficHooksBeforeItGetsAnyTraffic(TestWorkflowEnvironment env, Worker worker) {
        HookActivities hooks = mock(HookActivities.class, withSettings().withoutAnnotations());
        doAnswer(call -> {
                    upstreams.add(
                            "warmed " + call.<ReplicaHookRequest>getArgument(0).container());
                    return new HookOutcome(0, "warmed", 5);
                })
                .when(hooks)
                .execIn(any());
        worker.registerActivitiesImplementations(canaries, hooks);
        Hook warm = new Hook("warm", List.of("/app/warm"), Duration.ofSeconds(20), 0, null);
        Canary oneStep = new Canary(1, List.of(CanaryStep.weight(10)), UpdateOrder.STOP_FIRST);
        DeployWorkflow run = stack.startDeploy(
                env,
                worker,
                new Shop()
                        .replicas(3)
                        .canary(oneStep)
                        .hooks(new Hooks(Map.of(HookPhase.BEFORE_TRAFFIC, List.of(warm))))
                        .deploy("v2"));
        WorkflowStub.fromTyped(run).getResult(Object.class);

        assertThat(upstreams.get(0)).isEqualTo("warmed " + CANARY);
        assertThat(upstreams.get(1)).contains(CANARY);
    }

    @Test
    void anAnalysisThatFindsTooManyErrorsFailsTheReleaseAtItsFirstIntervalAndTheCanaryGoes(
            TestWorkflowEnvironment env, Worker worker) {
        List<Long> offsets = new CopyOnWriteArrayList<>();
        doAnswer(call -> {
                    CanaryTrafficQuery query = call.getArgument(0);
                    offsets.add(query.fromOffset());
                    return query.fromOffset() < 0
                            ? new CanaryTraffic(1000, 0, 0, null)
                            : offsets.size() == 2
                                    ? new CanaryTraffic(2000, 100, 1, 30L)
                                    : new CanaryTraffic(3000, 200, 10, 30L);
                })
                .when(canaries)
                .traffic(any());
        worker.registerActivitiesImplementations(canaries);
        Canary analysed = new Canary(
                1,
                List.of(CanaryStep.weight(10), CanaryStep.pause(Duration.ofMinutes(5))),
                UpdateOrder.STOP_FIRST,
                new CanaryAnalysis(Duration.ofSeconds(10), 1.0, null, 20, null));
        DeployWorkflow run = stack.startDeploy(
                env, worker, new Shop().replicas(3).canary(analysed).deploy("v2"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Object.class));

        assertThat(offsets)
                .as("each look reads on from where the one before ended")
                .containsExactly(-1L, 1000L, 2000L);
        assertThat(failure.reason())
                .contains("the canary's analysis at 10% failed: 200 requests to the canaries, 10 5xx (5.0%), p95 30 ms:"
                        + " above max_error_rate 1%");
        assertThat(events(run))
                .contains("analysis at 10%: 100 requests to the canaries, 1 5xx (1.0%), p95 30 ms: passed");
        assertThat(upstreams).last().isEqualTo("[shop-demo-app-1, shop-demo-app-2, shop-demo-app-3]");
        verify(canaries).remove(any(), argThat(CANARY::equals), any());
        verify(stack.docker, never()).createReplica(any());
    }

    @Test
    void aPromoteEndsThePauseWithOneLastLookAtWhatCameSinceTheLastOne(TestWorkflowEnvironment env, Worker worker) {
        List<Long> offsets = new CopyOnWriteArrayList<>();
        doAnswer(call -> {
                    offsets.add(call.<CanaryTrafficQuery>getArgument(0).fromOffset());
                    return new CanaryTraffic(1000L * offsets.size(), 100, 0, 5L);
                })
                .when(canaries)
                .traffic(any());
        worker.registerActivitiesImplementations(canaries);
        Canary analysed = new Canary(
                1,
                List.of(CanaryStep.weight(10), CanaryStep.pauseUntilPromoted()),
                UpdateOrder.STOP_FIRST,
                new CanaryAnalysis(Duration.ofHours(1), 1.0, null, 20, null));
        DeployWorkflow run = stack.startDeploy(
                env, worker, new Shop().replicas(3).canary(analysed).deploy("v2"));

        awaitEvent(run, "canary paused at 10% until relman promote demo");
        run.promote("tester@host");
        WorkflowStub.fromTyped(run).getResult(Object.class);

        assertThat(offsets)
                .as("the mark before any traffic, then the look at the promote")
                .containsExactly(-1L, 1000L);
        assertThat(events(run))
                .contains("analysis at 10%: 100 requests to the canaries, 0 5xx (0.0%), p95 5 ms: passed");
    }

    @Test
    void aPromoteWhenNoCanaryRunsIsIgnoredAndSaysSo(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run =
                stack.startDeploy(env, worker, new Shop().replicas(2).deploy("v2"));
        run.promote("tester@host");
        WorkflowStub.fromTyped(run).getResult(Object.class);

        assertThat(events(run)).contains("promote by tester@host ignored: no canary is running");
    }

    private static List<String> events(DeployWorkflow run) {
        return run.progress().events().stream().map(ReleaseEvent::message).toList();
    }

    /** Waits (in real time: a pause until promoted sets no timer to skip) until the run has said {@code event}. */
    private static void awaitEvent(DeployWorkflow run, String event) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events(run).stream().noneMatch(said -> said.startsWith(event))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the run never said '" + event + "'; it said " + events(run));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
