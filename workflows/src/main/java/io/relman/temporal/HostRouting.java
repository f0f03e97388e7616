package io.relman.temporal;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import java.time.Duration;

/**
 * Temporal's host-specific task queues: an activity whose request acts on a host that runs a relman worker
 * of its own ({@code worker:} in the plan) is scheduled on that worker's task queue, so that it acts on
 * that host's engine without SSH. Every other activity stays on the workflow's queue. A pure function of
 * the activity's arguments, so replays route as the first run did.
 */
public final class HostRouting extends WorkerInterceptorBase {
    /**
     * A host's worker that does not pick its activity up by then is down: the step fails (a schedule-to-start
     * timeout is not retried) instead of waiting for it forever.
     */
    static final Duration HOST_WORKER_PICKS_UP = Duration.ofMinutes(2);

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void init(WorkflowOutboundCallsInterceptor outbound) {
                super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
                    @Override
                    public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                        String queue = queueOf(input.getArgs());
                        if (queue == null) {
                            return super.executeActivity(input);
                        }
                        return super.executeActivity(new ActivityInput<>(
                                input.getActivityName(),
                                input.getResultClass(),
                                input.getResultType(),
                                input.getArgs(),
                                ActivityOptions.newBuilder(input.getOptions())
                                        .setTaskQueue(queue)
                                        .setScheduleToStartTimeout(HOST_WORKER_PICKS_UP)
                                        .build(),
                                input.getHeader()));
                    }
                });
            }
        };
    }

    /** The task queue of the host the first host-bound argument names, when that host has a worker of its own. */
    static String queueOf(Object[] args) {
        for (Object arg : args) {
            if (arg instanceof OnHost onHost) {
                Host host = onHost.host();
                return host == null ? null : host.worker();
            }
        }
        return null;
    }
}
