package io.relman.release.saga;

import io.relman.notify.Notification;
import io.relman.notify.NotificationsWorkflow;
import io.relman.saga.Compensation;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Tells the environment's {@code notify} webhooks of the run's events, through a {@link NotificationsWorkflow}
 * of its own: started at the first event (the run waits for that start only, so that the child outlives it),
 * then given each next event by a signal the run does not wait for. A delivery never fails nor delays the
 * run. Without {@code notify}, it issues no command at all: plans without it release as they always did.
 */
final class Notifier {
    /** Since this change, a run whose plan has {@code notify} starts its notifications and signals them. */
    static final String NOTIFY_CHANGE = "release-notify";

    private Release release;
    private boolean on;
    private int sequence;
    private NotificationsWorkflow child;

    /** Set once the run knows its environment; asks for the version marker only when it has webhooks. */
    void open(Release release) {
        this.release = release;
        on = !release.environment.webhooks().isEmpty()
                && Workflow.getVersion(NOTIFY_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    void send(String event) {
        send(event, null, List.of());
    }

    void send(String event, String reason, List<Compensation> undoSteps) {
        if (!on) {
            return;
        }
        Notification notification = new Notification(
                sequence++,
                event,
                release.plan.project(),
                release.environment.name(),
                release.version(),
                release.kind.toString(),
                release.request.requestedBy(),
                Release.workflowId(),
                Workflow.getInfo().getRunId(),
                reason,
                undoSteps);
        // Detached: an abort or a cancel of the run must not cancel the telling of it.
        Workflow.newDetachedCancellationScope(() -> deliver(notification)).run();
    }

    private void deliver(Notification notification) {
        if (child != null) {
            Async.procedure(child::next, notification);
            return;
        }
        child = Workflow.newChildWorkflowStub(
                NotificationsWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(workflowIdOf(notification))
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .build());
        Async.function(child::deliver, release.environment.webhooks(), notification);
        try {
            Workflow.getWorkflowExecution(child).get();
        } catch (TemporalFailure failure) {
            // No notifications is better than no release: the reason is in the run's history and log.
            Workflow.getLogger(Notifier.class).warn("notifications not started: {}", failure.getMessage());
            on = false;
        }
    }

    /** {@code notify-release-shop-ci-1a2b3c4d}: readable in the Web UI's list, one per run. */
    static String workflowIdOf(Notification notification) {
        String runId = notification.runId();
        return "notify-" + notification.workflowId() + "-" + runId.substring(0, Math.min(8, runId.length()));
    }
}
