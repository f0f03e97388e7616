package io.relman.notify;

import io.temporal.activity.ActivityInterface;

/** Posts a run's events to its webhooks, on the worker that holds their URLs. */
@ActivityInterface
public interface NotifyActivities {
    /** Posts {@code delivery}'s event as JSON to its webhook; fails (to be retried) unless it answers 2xx. */
    void post(Delivery delivery);
}
