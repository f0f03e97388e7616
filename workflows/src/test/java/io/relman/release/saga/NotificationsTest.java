package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.notify.Notification;
import io.relman.notify.NotificationsWorkflowImpl;
import io.relman.notify.RecordingReceiver;
import io.relman.notify.RunNotifications;
import io.relman.plan.Webhook;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A release with {@code notify} tells its webhooks of its events in the order they happened, each once,
 * through a workflow of their own that the release never waits on; a release without it starts none.
 */
@Timeout(30)
class NotificationsTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.extension(DeployWorkflowImpl.class, NotificationsWorkflowImpl.class);

    private static final Webhook CHAT = new Webhook("team-chat", "SHOP_CHAT_WEBHOOK", Webhook.EVENTS);

    private final StackMocks stack = new StackMocks();
    private final RecordingReceiver receiver = new RecordingReceiver();

    private DeployWorkflow start(TestWorkflowEnvironment env, Worker worker, ReleaseRequest request) {
        worker.registerActivitiesImplementations(receiver);
        return stack.startDeploy(env, worker, request);
    }

    /** A release of v2 that has waited an hour at its approval gate before {@code step}. */
    private DeployWorkflow waitingForApprovalBefore(String step, TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = start(
                env,
                worker,
                new TestPlans.Shop()
                        .replicas(2)
                        .approvalBefore(Duration.ofDays(1), step)
                        .notify(CHAT)
                        .deploy("v2"));
        env.sleep(Duration.ofHours(1));
        return run;
    }

    /** Waits for the release's notifications to end, and gives what they could not deliver. */
    private static List<?> notificationsOf(TestWorkflowEnvironment env, DeployWorkflow run) {
        return env.getWorkflowClient()
                .newUntypedWorkflowStub(notificationsIdOf(env, run))
                .getResult(List.class);
    }

    /** The id the release gave its notifications, named by when it started, as the docs say. */
    private static String notificationsIdOf(TestWorkflowEnvironment env, DeployWorkflow run) {
        long started = WorkflowStub.fromTyped(run).describe().getStartTime().toEpochMilli();
        String id = RunNotifications.workflowIdOf("release-shop-demo", started);
        assertThat(id).matches("notify-release-shop-demo-\\d{8}-\\d{6}-\\d{3}");
        return id;
    }

    @Test
    void aSuccessfulReleaseTellsStartedThenSucceededWithItsFacts(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run =
                start(env, worker, new TestPlans.Shop().replicas(2).notify(CHAT).deploy("v2"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(notificationsOf(env, run)).isEmpty();
        assertThat(receiver.events()).containsExactly("started", "succeeded");
        Notification started = receiver.took.get(0);
        String runId = WorkflowStub.fromTyped(run).getExecution().getRunId();
        assertThat(started.project()).isEqualTo("shop");
        assertThat(started.environment()).isEqualTo("demo");
        assertThat(started.version()).isEqualTo("v2");
        assertThat(started.kind()).isEqualTo("deploy");
        assertThat(started.requestedBy()).isNotBlank();
        assertThat(started.idempotencyKey()).isEqualTo("release-shop-demo/" + runId + "/started");
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("webhooks are told of this run's events by workflow " + notificationsIdOf(env, run)
                        + " (its activities show each delivery and retry)");
    }

    @Test
    void aFailedReleaseTellsFailedThenUndoneWithTheUndoSteps(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        DeployWorkflow run =
                start(env, worker, new TestPlans.Shop().replicas(2).notify(CHAT).deploy("v2"));
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        notificationsOf(env, run);
        assertThat(receiver.events()).containsExactly("started", "failed", "undone");
        assertThat(receiver.took.get(1).reason()).isEqualTo(failure.reason());
        Notification undone = receiver.took.get(2);
        assertThat(undone.undoSteps()).isEqualTo(failure.compensations()).isNotEmpty();
        assertThat(undone.undoSteps()).extracting(Compensation::outcome).containsOnly(Compensation.Outcome.DONE);
    }

    @Test
    void aReleaseWaitingForApprovalSaysSoThenSucceeds(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = waitingForApprovalBefore("migrate", env, worker);
        assertThat(receiver.events()).containsExactly("started", "waiting_for_approval");

        run.approve("ana@laptop");
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);
        notificationsOf(env, run);
        assertThat(receiver.events()).containsExactly("started", "waiting_for_approval", "succeeded");
    }

    @Test
    void anAbortedReleaseTellsFailedWithWhoAbortedThenUndone(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = waitingForApprovalBefore("rollout", env, worker);
        run.abort("ana@laptop");
        DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        notificationsOf(env, run);
        assertThat(receiver.events()).containsExactly("started", "waiting_for_approval", "failed", "undone");
        assertThat(receiver.took.get(2).reason()).contains("aborted by ana@laptop");
    }

    /** A run terminated before its last event (or timed out) must not keep its notifications open for ever. */
    @Test
    void notificationsOfARunEndedWithoutItsLastEventCloseADayLater(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = waitingForApprovalBefore("rollout", env, worker);
        String notifications = notificationsIdOf(env, run);
        WorkflowStub.fromTyped(run).terminate("the test");

        // The result, a day later on the test server's clock (it skips time while the test waits for it).
        assertThat(env.getWorkflowClient().newUntypedWorkflowStub(notifications).getResult(List.class))
                .singleElement()
                .asString()
                .startsWith("no event after 1 within 24 h");
        assertThat(receiver.events()).containsExactly("started", "waiting_for_approval");
    }

    @Test
    void aWebhookOnlyGetsTheEventsItAskedFor(TestWorkflowEnvironment env, Worker worker) {
        Webhook outcomes = new Webhook("outcomes", "OUTCOMES_URL", List.of("succeeded", "undone"));
        DeployWorkflow run = start(
                env, worker, new TestPlans.Shop().replicas(2).notify(outcomes).deploy("v2"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        notificationsOf(env, run);
        assertThat(receiver.events()).containsExactly("succeeded");
    }

    @Test
    void aReceiverFailingTwiceGetsEachEventOnceAfterTheRetries(TestWorkflowEnvironment env, Worker worker) {
        AtomicInteger failures = new AtomicInteger();
        receiver.answer = () -> {
            if (failures.incrementAndGet() <= 2) {
                throw new IllegalStateException("webhook team-chat answered 500 to started");
            }
        };
        DeployWorkflow run =
                start(env, worker, new TestPlans.Shop().replicas(2).notify(CHAT).deploy("v2"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(notificationsOf(env, run)).isEmpty();
        assertThat(receiver.events()).containsExactly("started", "succeeded");
        assertThat(receiver.tries).hasValue(4);
    }

    @Test
    void aDeliveryThatHangsDoesNotHoldTheRelease(TestWorkflowEnvironment env, Worker worker) throws Exception {
        CountDownLatch receiverBack = new CountDownLatch(1);
        receiver.answer = () -> {
            try {
                receiverBack.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        DeployWorkflow run =
                start(env, worker, new TestPlans.Shop().replicas(2).notify(CHAT).deploy("v2"));

        ReleaseResult result = WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);
        assertThat(result.replicas()).hasSize(2);
        assertThat(receiver.took)
                .as("the release ended while its first event was still being posted")
                .isEmpty();

        receiverBack.countDown();
        notificationsOf(env, run);
        assertThat(receiver.events()).containsExactly("started", "succeeded");
    }

    @Test
    void aFailedReleaseWithNotifyAndItsNotificationsReplayFromTheirHistories(TestWorkflowEnvironment env, Worker worker)
            throws Exception {
        stack.firstProbeFailsOn("shop-demo-app-2");
        DeployWorkflow run =
                start(env, worker, new TestPlans.Shop().replicas(2).notify(CHAT).deploy("v2"));
        DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));
        notificationsOf(env, run);

        WorkflowReplayer.replayWorkflowExecution(
                env.getWorkflowClient().fetchHistory("release-shop-demo"), DeployWorkflowImpl.class);
        WorkflowReplayer.replayWorkflowExecution(
                env.getWorkflowClient().fetchHistory(notificationsIdOf(env, run)), NotificationsWorkflowImpl.class);
    }

    @Test
    void aPlanWithoutNotifyStartsNoNotificationsAndAddsNoMarker(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = start(env, worker, TestPlans.deploy(2, "v2"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        var history = env.getWorkflowClient()
                .fetchHistory("release-shop-demo")
                .getHistory()
                .getEventsList();
        assertThat(history)
                .noneMatch(
                        event -> event.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .noneMatch(event -> event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
                        && event.toString().contains(ReleaseVersions.NOTIFY_CHANGE));
        assertThat(receiver.tries).hasValue(0);
    }
}
