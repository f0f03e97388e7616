package io.relman.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.saga.Compensation;

/**
 * The body a webhook gets for one event: the run's facts as JSON fields, and a {@code text} line that Slack's
 * and Mattermost's incoming webhooks show as it is. Pure.
 */
public final class NotificationPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationPayload() {}

    /** The JSON body for {@code notification}, whose run is at {@code link} in the Web UI. */
    public static String json(Notification notification, String link) {
        ObjectNode body = JSON.createObjectNode()
                .put("event", notification.event())
                .put("text", text(notification, link))
                .put("project", notification.project())
                .put("environment", notification.environment())
                .put("kind", notification.kind())
                .put("requested_by", notification.requestedBy())
                .put("workflow_id", notification.workflowId())
                .put("run_id", notification.runId())
                .put("link", link);
        if (notification.version() != null) {
            body.put("version", notification.version());
        }
        if (notification.reason() != null) {
            body.put("reason", notification.reason());
        }
        if (!notification.undoSteps().isEmpty()) {
            ArrayNode steps = body.putArray("undo_steps");
            for (Compensation step : notification.undoSteps()) {
                steps.addObject()
                        .put("step", step.step().planName())
                        .put("action", step.action())
                        .put("outcome", step.outcome().toString())
                        .put("message", step.message());
            }
        }
        return body.toString();
    }

    /** {@code relman: deploy of v2 to shop/ci failed (by ana@laptop): ... <link>}: one line for a chat. */
    public static String text(Notification notification, String link) {
        String where = notification.project() + "/" + notification.environment();
        // A backup or a drill has no version: it is of the environment's database.
        String what = notification.version() == null
                ? notification.kind() + " of " + where
                : notification.kind() + " of " + notification.version() + " to " + where;
        String line = "relman: " + what + " " + words(notification.event())
                + (notification.requestedBy() == null ? "" : " (by " + notification.requestedBy() + ")");
        if (notification.reason() != null) {
            line += ": " + notification.reason().lines().findFirst().orElse("");
        }
        if (!notification.undoSteps().isEmpty()) {
            long failed = notification.undoSteps().stream()
                    .filter(step -> step.outcome() == Compensation.Outcome.FAILED)
                    .count();
            line += "; " + notification.undoSteps().size() + " undo step(s), " + failed + " failed";
        }
        return line + " " + link;
    }

    private static String words(String event) {
        return switch (event) {
            case "waiting_for_approval" -> "is waiting for approval";
            case "undone" -> "was undone";
            case "undo_incomplete" -> "could NOT be fully undone";
            case "backup_failed", "drill_failed" -> "failed";
            default -> event;
        };
    }
}
