package io.relman.notify;

import io.relman.plan.Webhook;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The notifications of the run being executed, on the run's side: a {@link NotificationsWorkflow} started at
 * its first event (the run waits for that start, so that the child outlives it), then given each next event
 * by a signal (the run waits for the server to take it, never for a webhook). Nothing here fails the run.
 * Workflow code.
 */
public final class RunNotifications {
    private static final DateTimeFormatter STARTED =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final List<Webhook> webhooks;
    private boolean failed;
    private int sequence;
    private NotificationsWorkflow child;

    public RunNotifications(List<Webhook> webhooks) {
        this.webhooks = webhooks;
    }

    /** The id of the run's notifications once started, for the run's own story; null before, or if it failed. */
    public String workflowId() {
        return child == null || failed
                ? null
                : Workflow.getWorkflowExecution(child).get().getWorkflowId();
    }

    /** Tells the webhooks the event {@code notification} makes of its place among the run's events. */
    public void send(IntFunction<Notification> notification) {
        if (failed) {
            return;
        }
        Notification next = notification.apply(sequence++);
        // Detached: an abort or a cancel of the run must not cancel the telling of it.
        Workflow.newDetachedCancellationScope(() -> deliver(next)).run();
    }

    private void deliver(Notification notification) {
        if (child != null) {
            try {
                // Waits for the server to take the signal (not for any webhook): a signal a run sends as it ends
                // is dropped if the run has closed before the server handled it, as the last event would be.
                Async.procedure(child::next, notification).get();
            } catch (TemporalFailure failure) {
                // Its number is taken: the notifications would wait for it, so the later events are not sent.
                Workflow.getLogger(RunNotifications.class).warn("notification not passed on: {}", failure.getMessage());
                failed = true;
            }
            return;
        }
        child = Workflow.newChildWorkflowStub(
                NotificationsWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(workflowIdOf(
                                notification.workflowId(), Workflow.getInfo().getRunStartedTimestampMillis()))
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .build());
        Async.function(child::deliver, webhooks, notification);
        try {
            Workflow.getWorkflowExecution(child).get();
        } catch (TemporalFailure failure) {
            // No notifications is better than no run: the reason is in the run's history and log.
            Workflow.getLogger(RunNotifications.class).warn("notifications not started: {}", failure.getMessage());
            failed = true;
        }
    }

    /**
     * {@code notify-release-shop-ci-20261206-154800-123}: readable in the Web UI's list, one per run (by when the run
     * started, to the millisecond: its run id would do, but a replay of a recorded history does not keep it).
     */
    public static String workflowIdOf(String workflowId, long runStartedMillis) {
        return "notify-" + workflowId + "-" + STARTED.format(Instant.ofEpochMilli(runStartedMillis));
    }
}
