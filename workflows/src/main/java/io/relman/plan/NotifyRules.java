package io.relman.plan;

import java.util.List;

/** The rules of an environment's {@code notify}: each webhook's URL variable and its events. */
final class NotifyRules {
    private NotifyRules() {}

    static void check(Problems problems, String path, List<Webhook> webhooks) {
        for (Webhook webhook : webhooks) {
            String at = path + "/" + webhook.name();
            problems.text(
                    at + "/url_env",
                    webhook.urlEnv(),
                    Problems.ENV_VAR,
                    "the worker variable holding the webhook's URL, e.g. SLACK_WEBHOOK_URL",
                    true);
            if (webhook.events().isEmpty()) {
                problems.add(at + "/events", PlanMessages.missing("events", PlanMessages.NOTIFY_EVENTS_EXAMPLE));
            }
            for (String event : webhook.events()) {
                if (!Webhook.EVENTS.contains(event)) {
                    problems.add(
                            at + "/events",
                            "'" + event + "' is not an event; name one of " + String.join(", ", Webhook.EVENTS));
                }
            }
        }
    }
}
