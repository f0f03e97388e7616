package io.relman.notify;

import io.relman.plan.Webhook;

/** One event for one webhook: what {@link NotifyActivities#post} sends. */
public record Delivery(Webhook webhook, Notification notification) {}
