package io.relman.support;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.common.interceptors.ActivityExecutionContextBase;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Heartbeats for every activity scheduled with a heartbeat timeout, also those that never beat themselves
 * (a create, a reload, a drain): a worker killed during any step is noticed after that timeout, not after
 * the step's start-to-close timeout. The ticks repeat the details the activity itself last sent, so a retry
 * still finds them.
 */
public final class HeartbeatTicker extends WorkerInterceptorBase implements AutoCloseable {
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relman-heartbeat-ticker");
        thread.setDaemon(true);
        return thread;
    });

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            private RememberingContext context;

            @Override
            public void init(ActivityExecutionContext original) {
                context = new RememberingContext(original);
                super.init(context);
            }

            @Override
            public ActivityOutput execute(ActivityInput input) {
                Duration timeout = context.getInfo().getHeartbeatTimeout();
                if (timeout.isZero()) {
                    return super.execute(input);
                }
                long every = Math.max(200, timeout.toMillis() / 3);
                ScheduledFuture<?> ticking =
                        ticks.scheduleAtFixedRate(context::tick, every, every, TimeUnit.MILLISECONDS);
                try {
                    return super.execute(input);
                } finally {
                    ticking.cancel(false);
                }
            }
        };
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }

    /** The activity's context, remembering the details of its own last heartbeat for the ticks to repeat. */
    private static final class RememberingContext extends ActivityExecutionContextBase {
        private final AtomicReference<Object> lastDetails = new AtomicReference<>();

        RememberingContext(ActivityExecutionContext next) {
            super(next);
        }

        @Override
        public <V> void heartbeat(V details) throws ActivityCompletionException {
            lastDetails.set(details);
            super.heartbeat(details);
        }

        void tick() {
            try {
                super.heartbeat(lastDetails.get());
            } catch (RuntimeException ignored) {
                // Cancelled, timed out or gone: the activity learns it at its own heartbeat or result.
            }
        }
    }
}
