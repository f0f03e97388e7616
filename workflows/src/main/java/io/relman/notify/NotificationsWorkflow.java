package io.relman.notify;

import io.relman.plan.Webhook;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/**
 * The notifications of one run: started by the run at its first event, given each next one by {@link #next},
 * it delivers them one by one in their order and ends after the last, while the run goes on without it.
 */
@WorkflowInterface
public interface NotificationsWorkflow {
    /** Delivers {@code first} and the events that follow it; returns the deliveries that never got a 2xx. */
    @WorkflowMethod
    List<String> deliver(List<Webhook> webhooks, Notification first);

    @SignalMethod
    void next(Notification notification);
}
