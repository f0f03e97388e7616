package io.relman.notify;

import io.relman.saga.Compensation;
import java.util.List;
import java.util.Set;

/**
 * One event of a run, with the facts its webhooks are told: no secret, since it is in the histories of the
 * run and of its {@link NotificationsWorkflow}.
 *
 * @param sequence its place among the run's events, from 0: they are delivered in this order
 * @param event one of {@link io.relman.plan.Webhook#EVENTS}
 * @param kind deploy, migration, rollback, backup or drill
 * @param requestedBy who started the run (user@host), or null
 * @param workflowId the run's workflow: with {@code runId}, its Web UI link and the idempotency key
 * @param reason why it failed or was aborted, or null
 * @param undoSteps the undo steps that ran, with how each went; empty but for undone and undo_incomplete
 */
public record Notification(
        int sequence,
        String event,
        String project,
        String environment,
        String version,
        String kind,
        String requestedBy,
        String workflowId,
        String runId,
        String reason,
        List<Compensation> undoSteps) {
    /** The events after which a run has nothing more to tell. */
    public static final Set<String> LAST_EVENTS =
            Set.of("succeeded", "undone", "undo_incomplete", "backup_failed", "drill_failed");

    public Notification {
        undoSteps = undoSteps == null ? List.of() : List.copyOf(undoSteps);
    }

    public boolean endsTheRun() {
        return LAST_EVENTS.contains(event);
    }

    /** The same for every try of one event, so that a receiver can drop a second delivery. */
    public String idempotencyKey() {
        return workflowId + "/" + runId + "/" + event;
    }
}
