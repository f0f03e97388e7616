package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.relman.docker.CreateReplicaRequest;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.plan.HealthCheck;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans;
import io.relman.release.TestPlans.Shop;
import io.relman.temporal.TestWorkflows;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code healthcheck.monitor}: every new replica is watched once it is in nginx, the rollout waits for the
 * last watch, a replica that broke fails the release before another replica is touched and serves no more
 * during the undo, and the undo cancels the watches that run.
 */
@Timeout(30)
class RolloutMonitorTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private static final HealthCheck WATCHED = new HealthCheck(
            "/health",
            Duration.ofMillis(500),
            Duration.ofSeconds(2),
            Duration.ofSeconds(30),
            3,
            null,
            Duration.ofSeconds(20));

    private final StackMocks stack = new StackMocks();
    private final Shop shop = new Shop().replicas(3).healthCheck(WATCHED);
    /** What the activities saw, in the order they saw it. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void everyNewReplicaIsWatchedAndTheRolloutWaitsForTheLastWatch(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        doAnswer(call -> {
                    String replica = call.<HealthProbeRequest>getArgument(0).replica();
                    Thread.sleep(300);
                    seen.add("watched " + replica);
                    return new HealthReport(replica, 40, 20_000);
                })
                .when(stack.health)
                .watchHealthy(any());
        doAnswer(call -> {
                    seen.add("validated");
                    return new HealthReport("shop-demo-lb", 1, 20);
                })
                .when(stack.health)
                .validateEndpoints(any());
        stack.start(env, worker);

        workflow.deploy(shop.deploy("v2"));

        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "watched shop-demo-app-1", "watched shop-demo-app-2", "watched shop-demo-app-3", "validated");
        assertThat(seen.get(seen.size() - 1))
                .as("validate runs once every watch ended")
                .isEqualTo("validated");
        verify(stack.health, times(3))
                .watchHealthy(argThat(probe -> probe.check().monitor().equals(Duration.ofSeconds(20))));
        assertThat(workflow.progress().events())
                .extracting(ReleaseEvent::message)
                .filteredOn(message -> message.contains("watched for 20s while the rollout goes on"))
                .hasSize(3);
    }

    @Test
    void aPlanWithoutMonitorStartsNoWatch(TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(TestPlans.deploy(3, "v2"));

        verify(stack.health, never()).watchHealthy(any());
    }

    @Test
    void aReplicaThatBrokeFailsTheReleaseBeforeTheNextOneAndIsDrainedFirst(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // app-1's watch fails while app-2 is probed: relman must not begin app-3.
        CountDownLatch secondProbed = new CountDownLatch(1);
        doAnswer(call -> {
                    String replica = call.<HealthProbeRequest>getArgument(0).replica();
                    if (replica.equals("shop-demo-app-2")) {
                        secondProbed.countDown();
                        Thread.sleep(500);
                    }
                    return new HealthReport(replica, 1, 100);
                })
                .when(stack.health)
                .awaitHealthy(any());
        doAnswer(call -> {
                    String replica = call.<HealthProbeRequest>getArgument(0).replica();
                    if (!replica.equals("shop-demo-app-1")) {
                        return new HealthReport(replica, 40, 20_000);
                    }
                    secondProbed.await(10, TimeUnit.SECONDS);
                    throw ApplicationFailure.newNonRetryableFailure(
                            replica + " broke 4.0 s into its watch, after it had passed its health check",
                            "ReplicaUnhealthy");
                })
                .when(stack.health)
                .watchHealthy(any());
        stack.start(env, worker);

        ReleaseFailure failure = DeployWorkflowTest.deployFailure(workflow, shop.deploy("v2"));

        assertThat(failure.reason()).contains("shop-demo-app-1 broke 4.0 s into its watch");
        verify(stack.docker, never())
                .createReplica(argThat(
                        (CreateReplicaRequest request) -> request.container().equals("shop-demo-app-3")));
        List<String> one = List.of("shop-demo-app-1:8000");
        List<String> two = List.of("shop-demo-app-2:8000");
        List<String> three = List.of("shop-demo-app-3:8000");
        assertThat(stack.upstreams)
                .as("app-1 leaves nginx first; then app-2 and app-1 are put back, newest first")
                .containsExactly(
                        join(two, three), // app-1 drained, replaced
                        join(one, two, three),
                        join(one, three), // app-2 drained, replaced
                        join(one, two, three),
                        join(two, three), // app-1 broke: drained before the undo
                        three, // the undo: app-2 out, its v1 copy back
                        join(two, three),
                        join(one, two, three)); // app-1's v1 copy back
        assertThat(stack.engine.get("shop-demo-app-1").image()).isEqualTo("relman/shop-app:v1");
        assertThat(workflow.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("drained shop-demo-app-1, which broke, before the undo");
    }

    @Test
    void aReplicaThatBrokeEndsThePauseBetweenHosts(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // h1 runs app-1 and app-3, h2 app-2; app-3's watch fails a second into the 30 min pause.
        doAnswer(call -> {
                    String replica = call.<HealthProbeRequest>getArgument(0).replica();
                    if (!replica.equals("shop-demo-app-3")) {
                        return new HealthReport(replica, 40, 20_000);
                    }
                    Thread.sleep(1_000);
                    throw ApplicationFailure.newNonRetryableFailure(
                            replica + " broke 1.0 s into its watch, after it had passed its health check",
                            "ReplicaUnhealthy");
                })
                .when(stack.health)
                .watchHealthy(any());
        stack.start(env, worker);
        long started = env.currentTimeMillis();

        ReleaseFailure failure = DeployWorkflowTest.deployFailure(
                workflow,
                new Shop()
                        .withoutMigration()
                        .spreadOver(Duration.ofMinutes(30), "h1", "h2")
                        .healthCheck(WATCHED)
                        .deploy("v2"));

        assertThat(failure.reason()).contains("shop-demo-app-3 broke 1.0 s into its watch");
        assertThat(workflow.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("every replica of app on h1 is healthy; waiting 1800 s, then on to h2");
        verify(stack.docker, never())
                .createReplica(argThat(
                        (CreateReplicaRequest request) -> request.container().equals("shop-demo-app-2")));
        assertThat(env.currentTimeMillis() - started)
                .as("the pause's timer never fired")
                .isLessThan(Duration.ofMinutes(30).toMillis());
    }

    @Test
    void anAbortWhileTheLastReplicaIsWatchedCancelsItsWatch(TestWorkflowEnvironment env, Worker worker)
            throws InterruptedException {
        CountDownLatch lastWatched = new CountDownLatch(1);
        AtomicBoolean cancelled = new AtomicBoolean();
        doAnswer(call -> {
                    String replica = call.<HealthProbeRequest>getArgument(0).replica();
                    if (!replica.equals("shop-demo-app-3")) {
                        return new HealthReport(replica, 40, 20_000);
                    }
                    lastWatched.countDown();
                    try {
                        for (int beat = 0; beat < 200; beat++) {
                            Activity.getExecutionContext().heartbeat(beat);
                            Thread.sleep(100);
                        }
                    } catch (ActivityCompletionException canceled) { // cancelled, or its run is over
                        cancelled.set(true);
                        throw canceled;
                    }
                    return new HealthReport(replica, 40, 20_000);
                })
                .when(stack.health)
                .watchHealthy(any());
        DeployWorkflow run = stack.startDeploy(env, worker, shop.deploy("v2"));
        assertThat(lastWatched.await(20, TimeUnit.SECONDS)).isTrue();

        run.abort("ops");

        ReleaseFailure failure =
                DeployWorkflowTest.deployFailure(env.getWorkflowClient().newUntypedWorkflowStub("release-shop-demo"));
        assertThat(failure.reason()).contains("aborted by ops");
        for (int wait = 0; wait < 100 && !cancelled.get(); wait++) {
            Thread.sleep(100);
        }
        assertThat(cancelled)
                .as("the watch learnt of its cancel at a heartbeat")
                .isTrue();
        assertThat(stack.engine.get("shop-demo-app-3").image()).isEqualTo("relman/shop-app:v1");
    }

    @SafeVarargs
    private static List<String> join(List<String>... servers) {
        return java.util.Arrays.stream(servers).flatMap(List::stream).toList();
    }
}
