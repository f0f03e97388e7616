package io.relman.e2e;

import io.relman.support.Pause;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Chaos cells for runs other than the chaos stack's releases (a backup, a restore): the worker that runs an activity
 * SIGKILLed as the activity starts, and the worker of its retry killed again half-way; how long the activity took
 * to move on on another worker. Only workers this test started (its child processes) are killed.
 */
final class ActivityKills {
    /** A cell: {@code TYPE killed at start} or {@code half-way}; ms until it ran again elsewhere, -1 if not killed. */
    record Kill(String cell, long movedAfterMillis, String why) {}

    private ActivityKills() {}

    /**
     * In the run of {@code workflowId} that started after {@code since}, kills the worker of {@code type} as the
     * activity starts, then the worker of its retry {@code halfWayMillis} after that retry started; {@code
     * replace} is called after each kill (to start another worker). {@code done} ends when the run does.
     */
    static List<Kill> atStartAndHalfWay(
            E2eRuntime runtime,
            String workflowId,
            Instant since,
            String type,
            long halfWayMillis,
            Future<?> done,
            Runnable replace)
            throws Exception {
        WorkflowExecution run = runAfter(runtime, workflowId, since);
        List<Kill> kills = new ArrayList<>();
        kills.add(killWhen(runtime, run, type + " killed at start", type, 1, 0, done, replace));
        kills.add(killWhen(runtime, run, type + " killed half-way", type, 2, halfWayMillis, done, replace));
        return kills;
    }

    private static Kill killWhen(
            E2eRuntime runtime,
            WorkflowExecution run,
            String cell,
            String type,
            int attempt,
            long afterMillis,
            Future<?> done,
            Runnable replace)
            throws Exception {
        while (!done.isDone()) {
            Optional<PendingActivityInfo> due = ChaosStack.pending(runtime, run).stream()
                    .filter(activity -> activity.getActivityType().getName().equals(type)
                            && activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
                            && activity.getAttempt() >= attempt
                            && System.currentTimeMillis() - millis(activity) >= afterMillis)
                    .findFirst();
            if (due.isEmpty()) {
                Pause.of(Duration.ofMillis(20));
                continue;
            }
            long pid = Long.parseLong(due.get().getLastWorkerIdentity().split("@")[0]);
            Optional<ProcessHandle> worker = ProcessHandle.current()
                    .children()
                    .filter(process -> process.pid() == pid)
                    .findFirst();
            if (worker.isEmpty()) {
                return new Kill(cell, -1, "its worker " + due.get().getLastWorkerIdentity() + " is not this test's");
            }
            worker.get().destroyForcibly();
            worker.get().onExit().get(30, TimeUnit.SECONDS);
            replace.run();
            long moved = ChaosStack.awaitMovedAgain(runtime, run, due.get(), done);
            return new Kill(
                    cell,
                    moved,
                    moved < 0
                            ? "ended before the kill landed"
                            : String.format("moved again %.1f s after", moved / 1e3));
        }
        return new Kill(cell, -1, "the run ended before the kill was due");
    }

    private static long millis(PendingActivityInfo activity) {
        return activity.getLastStartedTime().getSeconds() * 1000
                + activity.getLastStartedTime().getNanos() / 1_000_000;
    }

    /** The run of {@code workflowId} started after {@code since}, once the CLI has started it. */
    private static WorkflowExecution runAfter(E2eRuntime runtime, String workflowId, Instant since) {
        WorkflowExecution[] found = new WorkflowExecution[1];
        Wait.until("a run of " + workflowId + " started after " + since, Duration.ofMinutes(1), () -> {
            try {
                var described = runtime.service
                        .blockingStub()
                        .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace(E2eRuntime.NAMESPACE)
                                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                                .build());
                var started = described.getWorkflowExecutionInfo().getStartTime();
                if (Instant.ofEpochSecond(started.getSeconds(), started.getNanos())
                        .isBefore(since)) {
                    return false;
                }
                found[0] = described.getWorkflowExecutionInfo().getExecution();
                return true;
            } catch (io.grpc.StatusRuntimeException notYet) {
                return false;
            }
        });
        return found[0];
    }
}
