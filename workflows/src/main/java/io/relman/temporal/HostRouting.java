package io.relman.temporal;

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
 * that host's engine without SSH. An activity given a backup is scheduled on the queue of the machine whose
 * disk holds it ({@link OnMachine}). Every other activity stays on the workflow's queue. A pure function of
 * the activity's arguments, so replays route as the first run did.
 */
public final class HostRouting extends WorkerInterceptorBase {
    /**
     * A host's worker that does not pick its activity up by then is down: the step fails (a schedule-to-start
     * timeout is not retried) instead of waiting for it forever.
     */
    static final Duration HOST_WORKER_PICKS_UP = Duration.ofMinutes(2);

    /**
     * Only one machine holds a backup, so its worker is waited for longer (a restart of it fits); then the
     * step fails with a schedule-to-start timeout, instead of hanging a release's undo.
     */
    static final Duration MACHINE_WORKER_PICKS_UP = Duration.ofMinutes(10);

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void init(WorkflowOutboundCallsInterceptor outbound) {
                super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
                    @Override
                    public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                        Route route = routeOf(input.getArgs());
                        if (route == null) {
                            return super.executeActivity(input);
                        }
                        return super.executeActivity(new ActivityInput<>(
                                input.getActivityName(),
                                input.getResultClass(),
                                input.getResultType(),
                                input.getArgs(),
                                ActivityOptions.newBuilder(input.getOptions())
                                        .setTaskQueue(route.queue())
                                        .setScheduleToStartTimeout(route.pickedUpWithin())
                                        .build(),
                                input.getHeader()));
                    }
                });
            }
        };
    }

    /** A task queue other than the workflow's, and how long its worker may take to pick the activity up. */
    record Route(String queue, Duration pickedUpWithin) {}

    /**
     * The worker of the host the first host-bound argument names, when that host has one; else the machine
     * that holds the file an argument names; else null (the workflow's queue).
     */
    static Route routeOf(Object[] args) {
        for (Object arg : args) {
            if (arg instanceof OnHost onHost
                    && onHost.host() != null
                    && onHost.host().worker() != null) {
                return new Route(onHost.host().worker(), HOST_WORKER_PICKS_UP);
            }
        }
        for (Object arg : args) {
            if (arg instanceof OnMachine onMachine && onMachine.machineQueue() != null) {
                return new Route(onMachine.machineQueue(), MACHINE_WORKER_PICKS_UP);
            }
        }
        return null;
    }
}
