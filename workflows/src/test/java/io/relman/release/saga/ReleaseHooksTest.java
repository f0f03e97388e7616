package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.hooks.HookActivities;
import io.relman.hooks.HookOutcome;
import io.relman.hooks.ReplicaHookRequest;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Hooks;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.FailureType;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The plan's hooks in a release: {@code before_traffic} in each new replica after its probe and before it
 * joins the upstream, {@code after_migrate} and {@code after_rollout} in one-off containers (or an
 * {@code after_rollout} hook in the new replica its {@code in} names), {@code on_undo} last in an undo with the
 * image that runs again; a failing hook fails the release, which is undone.
 */
@Timeout(30)
class ReleaseHooksTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private static final Hook WARM =
            new Hook("warm", List.of("/app/warm", "{version}"), Duration.ofSeconds(30), 0, null);
    private static final Hook CLEAR = new Hook("clear-cache", List.of("/app/clear"), null, 0, null);

    private final StackMocks stack = new StackMocks();
    private final HookActivities hooks =
            mock(HookActivities.class, withSettings().withoutAnnotations());
    /** What happened, in order: each hook that ran, and each upstream nginx was given. */
    private final List<String> happened = Collections.synchronizedList(new ArrayList<>());

    ReleaseHooksTest() {
        when(hooks.execIn(any())).thenAnswer(call -> {
            ReplicaHookRequest request = call.getArgument(0);
            happened.add(request.hook() + " in " + request.container() + " `" + String.join(" ", request.command())
                    + "` while nginx had " + lastUpstream());
            return new HookOutcome(0, "warmed " + request.container(), 40);
        });
        doAnswer(call -> {
                    MigrationRequest request = call.getArgument(0);
                    happened.add(request.what() + " in " + request.container() + " with " + request.image());
                    if (request.hook() == null) {
                        stack.database.migrated(request);
                    }
                    return new MigrationOutcome(0, "ok", 10);
                })
                .when(stack.migration)
                .run(any());
    }

    private List<String> lastUpstream() {
        return stack.upstreams.isEmpty() ? List.of() : stack.upstreams.get(stack.upstreams.size() - 1);
    }

    private DeployWorkflow start(TestWorkflowEnvironment env, Worker worker, Hooks planHooks) {
        return start(env, worker, new TestPlans.Shop().replicas(2).hooks(planHooks));
    }

    private DeployWorkflow start(TestWorkflowEnvironment env, Worker worker, TestPlans.Shop shop) {
        worker.registerActivitiesImplementations(hooks);
        return stack.startDeploy(env, worker, shop.deploy("v2"));
    }

    private static Hooks hooks(HookPhase phase, Hook... hooks) {
        return new Hooks(Map.of(phase, List.of(hooks)));
    }

    @Test
    void beforeTrafficRunsOnceInEachNewReplicaAfterItsProbeAndBeforeItJoinsTheUpstream(
            TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = start(env, worker, hooks(HookPhase.BEFORE_TRAFFIC, WARM));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(happened)
                .filteredOn(line -> line.startsWith("before_traffic"))
                .containsExactly(
                        "before_traffic hook warm in shop-demo-app-1 `/app/warm v2` while nginx had [shop-demo-app-2:8000]",
                        "before_traffic hook warm in shop-demo-app-2 `/app/warm v2` while nginx had [shop-demo-app-1:8000]");
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("before_traffic hook warm in shop-demo-app-1 ran in 40 ms: warmed shop-demo-app-1");
    }

    @Test
    void aHookThatFailsFailsTheReleaseWithItsOutputAndTheReleaseIsUndone(TestWorkflowEnvironment env, Worker worker) {
        doAnswer(call -> {
                    ReplicaHookRequest request = call.getArgument(0);
                    if (request.container().equals("shop-demo-app-2")) {
                        throw FailureType.HOOK_FAILED.failure(
                                "before_traffic hook warm `/app/warm v2` in shop-demo-app-2 exited with 3. Its last lines:\n"
                                        + "cache warm-up failed");
                    }
                    return new HookOutcome(0, "", 40);
                })
                .when(hooks)
                .execIn(any());
        DeployWorkflow run = start(env, worker, hooks(HookPhase.BEFORE_TRAFFIC, WARM));
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.reason()).contains("before_traffic hook warm", "exited with 3", "cache warm-up failed");
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-2 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE));
        assertThat(lastUpstream()).containsExactly("shop-demo-app-1:8000", "shop-demo-app-2:8000");
    }

    @Test
    void aHookWithRetriesIsTriedAgainAfterAFailureAndTheReleaseGoesOn(TestWorkflowEnvironment env, Worker worker) {
        AtomicInteger tries = new AtomicInteger();
        doAnswer(call -> {
                    if (tries.incrementAndGet() == 1) {
                        throw ApplicationFailure.newNonRetryableFailure("warm-up timed out", "HookFailed");
                    }
                    return new HookOutcome(0, "", 40);
                })
                .when(hooks)
                .execIn(any());
        Hook twice = new Hook("warm", List.of("/app/warm"), Duration.ofSeconds(30), 1, null);
        DeployWorkflow run = start(env, worker, hooks(HookPhase.BEFORE_TRAFFIC, twice));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(tries).hasValue(3); // replica 1 twice, replica 2 once
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("before_traffic hook warm in shop-demo-app-1 failed (try 1 of 2): warm-up timed out;"
                        + " trying again in 1 s");
    }

    @Test
    void afterMigrateAndAfterRolloutRunInOneOffContainersOfTheNewImage(TestWorkflowEnvironment env, Worker worker) {
        Hooks planHooks = new Hooks(Map.of(
                HookPhase.AFTER_MIGRATE, List.of(CLEAR),
                HookPhase.AFTER_ROLLOUT, List.of(new Hook("check", List.of("/app/check"), null, 0, null))));
        DeployWorkflow run = start(env, worker, planHooks);
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        String runId = WorkflowStub.fromTyped(run).getExecution().getRunId().substring(0, 8);
        assertThat(happened)
                .containsExactly(
                        "migration in shop-demo-app-migrate-v2-" + runId + " with relman/shop-app:v2",
                        "after_migrate hook clear-cache in shop-demo-app-hook-clear-cache-v2-" + runId
                                + "-1 with relman/shop-app:v2",
                        "after_rollout hook check in shop-demo-app-hook-check-v2-" + runId
                                + "-1 with relman/shop-app:v2");
        assertThat(stack.upstreams).isNotEmpty();
    }

    @Test
    void anAfterRolloutHookWithInRunsInThatNewReplicaOnItsHostOnceAllAreReplaced(
            TestWorkflowEnvironment env, Worker worker) {
        Hook check = new Hook("check-command", List.of("php", "artisan", "list"), null, 0, 2);
        DeployWorkflow run = start(
                env,
                worker,
                new TestPlans.Shop()
                        .withoutMigration()
                        .spreadOver(Duration.ofSeconds(1), "h1", "h2")
                        .replicas(2)
                        .hooks(hooks(HookPhase.AFTER_ROLLOUT, check)));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        ArgumentCaptor<ReplicaHookRequest> requests = ArgumentCaptor.forClass(ReplicaHookRequest.class);
        verify(hooks).execIn(requests.capture());
        assertThat(requests.getValue())
                .extracting(
                        ReplicaHookRequest::container, request -> request.host().name())
                .containsExactly("shop-demo-app-2", "h2");
        assertThat(happened) // no one-off container; both new replicas in nginx
                .containsExactly("after_rollout hook check-command in shop-demo-app-2 `php artisan list` while nginx"
                        + " had [10.0.0.1:18300, 10.0.0.2:18300]");
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .containsSubsequence(
                        "running after_rollout hook check-command of app in shop-demo-app-2: php artisan list",
                        "after_rollout hook check-command of app in shop-demo-app-2 ran in 40 ms: warmed"
                                + " shop-demo-app-2");
    }

    @Test
    void anAfterRolloutHookInAReplicaIsTriedAsItsRetriesSayThenFailsTheReleaseWhichIsUndone(
            TestWorkflowEnvironment env, Worker worker) {
        doThrow(FailureType.HOOK_FAILED.failure(
                        "after_rollout hook check-command `php artisan list` in shop-demo-app-1 exited with 1. Its last"
                                + " lines:\nreports:send is not defined"))
                .when(hooks)
                .execIn(any());
        Hook check = new Hook("check-command", List.of("php", "artisan", "list"), null, 1, 1);
        DeployWorkflow run = start(env, worker, hooks(HookPhase.AFTER_ROLLOUT, check));
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        verify(hooks, times(2)).execIn(any()); // the try and its one retry, each activity tried once
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .contains(
                        "after_rollout hook check-command of app in shop-demo-app-1 failed (try 1 of 2): after_rollout"
                                + " hook check-command `php artisan list` in shop-demo-app-1 exited with 1. Its last lines:"
                                + " reports:send is not defined; trying again in 1 s");
        assertThat(failure.reason()).contains("after_rollout hook check-command", "exited with 1", "reports:send");
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-2 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE));
    }

    @Test
    void onUndoRunsLastInAnUndoWithTheImageThatRunsAgain(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-1");
        DeployWorkflow run = start(env, worker, hooks(HookPhase.ON_UNDO, CLEAR));
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE),
                        tuple("run the on_undo hook clear-cache of app", Compensation.Outcome.DONE));
        assertThat(failure.compensations().get(2).message())
                .startsWith("`/app/clear` with relman/shop-app:v1 ran in 10 ms");
        assertThat(happened)
                .last()
                .asString()
                .startsWith("on_undo hook clear-cache in shop-demo-app-hook-clear-cache-v1-");
    }

    @Test
    void onUndoIsSkippedWhenTheUndoChangedNothing(TestWorkflowEnvironment env, Worker worker) {
        doThrow(ApplicationFailure.newNonRetryableFailure("disk full", "PreflightFailed"))
                .when(stack.docker)
                .checkEngine(any());
        DeployWorkflow run = start(env, worker, hooks(HookPhase.ON_UNDO, CLEAR));
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(tuple("run the on_undo hook clear-cache of app", Compensation.Outcome.SKIPPED));
        assertThat(happened).isEmpty();
    }

    @Test
    void aFailingOnUndoHookIsReportedAsAFailedUndoStep(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-1");
        doAnswer(call -> {
                    MigrationRequest request = call.getArgument(0);
                    if (request.hook() != null) {
                        throw FailureType.HOOK_FAILED.failure("on_undo hook clear-cache `/app/clear` exited with 1");
                    }
                    stack.database.migrated(request);
                    return new MigrationOutcome(0, "ok", 10);
                })
                .when(stack.migration)
                .run(any());
        DeployWorkflow run = start(env, worker, hooks(HookPhase.ON_UNDO, CLEAR));
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.compensations().get(2).outcome()).isEqualTo(Compensation.Outcome.FAILED);
        assertThat(failure.compensations().get(2).message()).contains("exited with 1");
        assertThat(failure.fullyUndone()).isFalse();
    }
}
