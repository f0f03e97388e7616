package io.relman.release.saga;

import io.relman.notify.Notification;
import io.relman.notify.RunNotifications;
import io.relman.saga.Compensation;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * Tells the environment's {@code notify} webhooks of a release's events, through {@link RunNotifications}: a
 * delivery never fails nor delays the run. Without {@code notify}, it issues no command at all: plans without
 * it release as they always did.
 */
final class Notifier {
    private Release release;
    private RunNotifications notifications;

    /** Set once the run knows its environment; asks for the version marker only when it has webhooks. */
    void open(Release release) {
        this.release = release;
        if (!release.environment.webhooks().isEmpty()
                && Workflow.getVersion(ReleaseVersions.NOTIFY_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
            notifications = new RunNotifications(release.environment.webhooks());
        }
    }

    void send(String event) {
        send(event, null, List.of());
    }

    void send(String event, String reason, List<Compensation> undoSteps) {
        if (notifications == null) {
            return;
        }
        boolean first = notifications.workflowId() == null;
        notifications.send(sequence -> new Notification(
                sequence,
                event,
                release.plan.project(),
                release.environment.name(),
                release.version(),
                release.kind.toString(),
                release.request.requestedBy(),
                Release.workflowId(),
                Workflow.getInfo().getRunId(),
                reason,
                undoSteps));
        if (first && notifications.workflowId() != null) {
            // Where a webhook that stays down shows: relman status and the history name it.
            release.progress.reportWhereItIs("webhooks are told of this run's events by workflow "
                    + notifications.workflowId() + " (its activities show each delivery and retry)");
        }
    }
}
