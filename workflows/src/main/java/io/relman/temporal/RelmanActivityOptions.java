package io.relman.temporal;

import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/**
 * Every activity's timeouts and retries, in one place. Heartbeat timeouts are what notice a dead
 * worker: a killed worker's activity is retried elsewhere after that long, so they stay short. An
 * aborted release waits for a running activity to stop (it learns of the abort at its next heartbeat)
 * or finish, so that the undo never races the step it undoes.
 */
public final class RelmanActivityOptions {
    /** create, rename, exec, reload: seconds each; a worker that died mid-call is noticed after this. */
    public static final Duration DEFAULT_QUICK_TIMEOUT = Duration.ofSeconds(30);

    /** An image build pulls packages and can take many minutes; heartbeats show it is alive. */
    public static final Duration DEFAULT_BUILD_TIMEOUT = Duration.ofMinutes(30);

    /** A migration is the app's own command; some take long, and it heartbeats while it runs. */
    public static final Duration DEFAULT_MIGRATION_TIMEOUT = Duration.ofMinutes(30);

    /** Long activities heartbeat every second or two; three missed beats mean the worker is gone. */
    public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(6);

    /** Time given beyond a grace period or a health deadline for docker itself to answer. */
    public static final Duration DEFAULT_SLACK = Duration.ofSeconds(30);

    /** Errors that no retry can fix; activities throw them with a message saying what to do. */
    public static final String[] NON_RETRYABLE = FailureType.nonRetryable();

    /** Undo steps keep trying longer than forward steps: giving up leaves a half-released stack. */
    public static final int COMPENSATION_ATTEMPTS = 10;

    private static final RetryOptions RETRY = RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofSeconds(10))
            .setMaximumAttempts(5)
            .setDoNotRetry(NON_RETRYABLE)
            .build();

    private static final RetryOptions COMPENSATION_RETRY = RetryOptions.newBuilder(RETRY)
            .setMaximumAttempts(COMPENSATION_ATTEMPTS)
            .build();

    /** How long a webhook is retried before its event is given up: a receiver down for an hour is down. */
    public static final Duration NOTIFICATION_PATIENCE = Duration.ofHours(1);

    /** Tries until the schedule-to-close deadline, at most a minute apart. */
    private static final RetryOptions UNTIL_DEADLINE = RetryOptions.newBuilder(RETRY)
            .setMaximumAttempts(0)
            .setMaximumInterval(Duration.ofMinutes(1))
            .build();

    private RelmanActivityOptions() {}

    /**
     * A webhook's POST: tried again 1 s, 2 s, 4 s... at most a minute apart, for up to {@link
     * #NOTIFICATION_PATIENCE}; a secret that the worker does not hand out is not retried.
     */
    public static ActivityOptions notification() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(DEFAULT_QUICK_TIMEOUT)
                .setScheduleToCloseTimeout(NOTIFICATION_PATIENCE)
                .setRetryOptions(UNTIL_DEADLINE)
                .build();
    }

    /** The same options, retried {@link #COMPENSATION_ATTEMPTS} times: for an undo step. */
    public static ActivityOptions compensating(ActivityOptions forward) {
        return ActivityOptions.newBuilder(forward)
                .setRetryOptions(COMPENSATION_RETRY)
                .build();
    }

    /**
     * A quick step does not beat itself; the worker's heartbeat ticker beats for it, so a worker killed
     * during a drain or a create is noticed after the heartbeat timeout, not after 30 s.
     */
    public static ActivityOptions quick() {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(DEFAULT_QUICK_TIMEOUT)
                .setHeartbeatTimeout(DEFAULT_HEARTBEAT_TIMEOUT)
                .setRetryOptions(RETRY)
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    public static ActivityOptions build() {
        return heartbeating(DEFAULT_BUILD_TIMEOUT);
    }

    /** A dump or a restore streams the whole database; heartbeats show it is alive. */
    public static final Duration DEFAULT_BACKUP_TIMEOUT = Duration.ofHours(2);

    public static ActivityOptions backup() {
        return heartbeating(DEFAULT_BACKUP_TIMEOUT);
    }

    /**
     * A backup of its own waits, retrying, while another backup of the database runs; six hours bound
     * it, so that a stuck one does not make its schedule skip every later run.
     */
    public static ActivityOptions ownBackup() {
        return ActivityOptions.newBuilder(backup())
                .setScheduleToCloseTimeout(Duration.ofHours(6))
                .setRetryOptions(UNTIL_DEADLINE)
                .build();
    }

    public static ActivityOptions migration() {
        return heartbeating(DEFAULT_MIGRATION_TIMEOUT);
    }

    /**
     * A hook's try: as long as its deadline, with slack for docker. One run in a replica ({@code docker exec})
     * is tried once, as a command cut off half-way may have run; the plan's retries try it again, knowingly.
     * One in a one-off container is retried like a migration, which finds the container an attempt left.
     */
    public static ActivityOptions hook(Duration deadline, boolean inReplica) {
        ActivityOptions options = heartbeating(deadline.plus(DEFAULT_SLACK));
        return inReplica
                ? ActivityOptions.newBuilder(options)
                        .setRetryOptions(RetryOptions.newBuilder(RETRY)
                                .setMaximumAttempts(1)
                                .build())
                        .build()
                : options;
    }

    public static ActivityOptions stop(Duration gracePeriod) {
        return heartbeating(gracePeriod.plus(DEFAULT_SLACK));
    }

    /** A probe that may go on until {@code deadline}, the health check's, with slack for docker to answer. */
    public static ActivityOptions health(Duration deadline) {
        return heartbeating(deadline.plus(DEFAULT_SLACK));
    }

    /**
     * A watch of a replica that passed ({@code healthcheck.monitor}), with slack for docker to answer. An undo
     * cancels it and goes on at once (TRY_CANCEL): a watch changes nothing, so there is nothing to wait for.
     */
    public static ActivityOptions watch(Duration monitor) {
        return ActivityOptions.newBuilder(heartbeating(monitor.plus(DEFAULT_SLACK)))
                .setCancellationType(ActivityCancellationType.TRY_CANCEL)
                .build();
    }

    private static ActivityOptions heartbeating(Duration startToClose) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(startToClose)
                .setHeartbeatTimeout(DEFAULT_HEARTBEAT_TIMEOUT)
                .setRetryOptions(RETRY)
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }
}
