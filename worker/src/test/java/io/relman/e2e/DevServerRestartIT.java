package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.release.ReleaseResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos cell where the Temporal dev server itself goes: restarted (same SQLite file) while a deploy
 * v1 -> v2 of the chaos environment waits for a replica's health, under load. The run must move again
 * within 10 s of the server's return, complete with each replica created once, 0 failed requests and the
 * containers expected. It runs alone (worker/pom.xml): every other class talks to that server.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class DevServerRestartIT {
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

    private static E2eRuntime runtime;

    @BeforeAll
    static void runtime() {
        runtime = new E2eRuntime();
    }

    @AfterAll
    static void removeTheStack() {
        ChaosStack.down();
    }

    @Test
    void aDeployGoesOnWhereItStoodWhenTheDevServerRestartsMidRollout() throws Exception {
        ChaosStack.fresh();
        try (WorkerProcess first = runtime.startWorker("server-restart-1");
                WorkerProcess second = runtime.startWorker("server-restart-2")) {
            assertThat(runtime.relman("deploy", "--env", ChaosStack.ENVIRONMENT, "--version", "v1"))
                    .isZero();
            aDeployUnderLoadThroughARestart();
        }
    }

    private static void aDeployUnderLoadThroughARestart() throws Exception {
        try (LoadLoop load = new LoadLoop(ChaosStack.LB_PORT, "/version")) {
            WorkflowExecution run = ChaosStack.startDetached(runtime, "v2");
            ChaosStack.awaitStarted(runtime, run, "HealthAwaitHealthy");
            int events = runtime.client
                    .fetchHistory(ChaosStack.RELEASE_ID)
                    .getEvents()
                    .size();
            long stoppedAt = System.nanoTime();
            long restartMillis = E2eRuntime.restartTheDevServer();
            Wait.until(
                    "the release's next event after the restart",
                    Duration.ofMinutes(2),
                    () -> runtime.client
                                    .fetchHistory(ChaosStack.RELEASE_ID)
                                    .getEvents()
                                    .size()
                            > events);
            long movedAfter = (System.nanoTime() - stoppedAt) / 1_000_000;
            ReleaseResult result = runtime.client
                    .newUntypedWorkflowStub(ChaosStack.RELEASE_ID, Optional.of(run.getRunId()), Optional.empty())
                    .getResult(5, TimeUnit.MINUTES, ReleaseResult.class);
            load.close();
            long creates = runtime.client.fetchHistory(ChaosStack.RELEASE_ID).getEvents().stream()
                    .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                            && event.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName()
                                    .equals("DockerCreateReplica"))
                    .count();
            System.out.printf(
                    "CHAOS deploy, Temporal dev server restarted mid-rollout: back after %.1f s, the run moved again"
                            + " %.1f s after the stop, %d replica creates, %d of %d requests failed%n",
                    restartMillis / 1000.0,
                    movedAfter / 1000.0,
                    creates,
                    load.failures().size(),
                    load.requests());

            assertThat(result.replicas()).hasSize(3);
            assertThat(creates).as("each replica created once").isEqualTo(3);
            assertThat(load.failures()).as("failed requests").isEmpty();
            assertThat(ChaosStack.containers(runtime)).isEqualTo(ChaosStack.expected("v2", "v1"));
            assertThat(movedAfter - restartMillis)
                    .as("the run moved again within " + NOTICED_WITHIN.toSeconds() + " s of the server's return")
                    .isLessThanOrEqualTo(NOTICED_WITHIN.toMillis());
        }
    }
}
