package io.relman.plan;

import java.util.List;

/**
 * One of an environment's {@code notify} webhooks: where the events of its runs are posted.
 *
 * @param name how the plan, the history and the Web UI call it
 * @param urlEnv the worker variable holding its URL: a URL often carries a token, so it is a secret, resolved
 *     on the worker and never in a workflow's input or history
 * @param events the events it gets ({@link #EVENTS})
 */
public record Webhook(String name, String urlEnv, List<String> events) {
    /** Every event a webhook can get: those of Deploy, Migration and Rollback runs, then of backups and drills. */
    public static final List<String> EVENTS = List.of(
            "started",
            "waiting_for_approval",
            "succeeded",
            "failed",
            "undone",
            "undo_incomplete",
            "backup_failed",
            "drill_failed");

    public Webhook {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Whether it gets {@code event}. */
    public boolean wants(String event) {
        return events.contains(event);
    }
}
