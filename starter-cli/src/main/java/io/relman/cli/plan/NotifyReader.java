package io.relman.cli.plan;

import static io.relman.cli.plan.SchemaNodes.JSON;
import static io.relman.cli.plan.SchemaNodes.choice;
import static io.relman.cli.plan.SchemaNodes.key;
import static io.relman.cli.plan.SchemaNodes.named;
import static io.relman.cli.plan.SchemaNodes.object;
import static io.relman.cli.plan.SchemaNodes.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.plan.PlanMessages;
import io.relman.plan.Webhook;
import java.util.Set;

/**
 * Reads one webhook of an environment's {@code notify}: the worker variable with its URL, and its events; {@link
 * #schema} describes the section for {@link PlanSchema}.
 */
final class NotifyReader {
    static final Set<String> KEYS = Set.of("url_env", "events");

    private NotifyReader() {}

    static Webhook read(String name, Keys keys) {
        return new Webhook(name, keys.text("url_env"), keys.words("events", PlanMessages.NOTIFY_EVENTS_EXAMPLE));
    }

    /** The section in the plan's JSON schema. */
    static ObjectNode schema() {
        ObjectNode events = JSON.objectNode().put("type", "array").put("description", "The events it is sent.");
        events.put("minItems", 1).set("items", choice("An event.", Webhook.EVENTS));
        return named(
                "Webhooks told of the runs' events (docs/notifications.md), by name.",
                object(
                        "A webhook: a JSON POST per event, with a text line Slack and Mattermost show.",
                        key("url_env", text("The worker variable that holds its URL (a secret).")),
                        key("events", events)));
    }
}
