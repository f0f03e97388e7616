package io.relman.notify;

import io.relman.plan.Webhook;
import io.relman.saga.Compensations;
import io.relman.temporal.ActivityStubs;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Delivers a run's events in the order they happened: each to every webhook that wants it, retried with
 * backoff for up to {@link RelmanActivityOptions#NOTIFICATION_PATIENCE}; a webhook that stays down holds the
 * next events (their order counts more than their speed) and is left after that, named in the result.
 */
public class NotificationsWorkflowImpl implements NotificationsWorkflow {
    /** How long the next event may take: a run that never sends its last one must not keep this one open. */
    private static final java.time.Duration RUN_ENDS_WITHIN = java.time.Duration.ofDays(1);

    /** By sequence: a signal may be handled before the workflow method has taken the first event. */
    private final Map<Integer, Notification> received = new HashMap<>();

    @Override
    public List<String> deliver(List<Webhook> webhooks, Notification first) {
        received.put(first.sequence(), first);
        List<String> undelivered = new ArrayList<>();
        for (int sequence = first.sequence(); ; sequence++) {
            int expected = sequence;
            if (!Workflow.await(RUN_ENDS_WITHIN, () -> received.containsKey(expected))) {
                // The run ended without a last event (terminated, timed out, failed outside its saga).
                undelivered.add("no event after " + (expected - 1) + " within " + RUN_ENDS_WITHIN.toHours() + " h");
                return undelivered;
            }
            Notification notification = received.remove(expected);
            for (Webhook webhook : webhooks) {
                if (webhook.wants(notification.event()) && !delivered(webhook, notification)) {
                    undelivered.add(notification.event() + " to " + webhook.name());
                }
            }
            if (notification.endsTheRun()) {
                return undelivered;
            }
        }
    }

    private static boolean delivered(Webhook webhook, Notification notification) {
        NotifyActivities post = ActivityStubs.stub(
                NotifyActivities.class,
                RelmanActivityOptions.notification(),
                notification.event() + " to webhook " + webhook.name());
        try {
            post.post(new Delivery(webhook, notification));
            return true;
        } catch (ActivityFailure failure) {
            Workflow.getLogger(NotificationsWorkflowImpl.class)
                    .warn(
                            "webhook {} never took {}: {}",
                            webhook.name(),
                            notification.event(),
                            Compensations.rootMessage(failure));
            return false;
        }
    }

    @Override
    public void next(Notification notification) {
        received.put(notification.sequence(), notification);
    }
}
