package io.relman.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An activity that never beats itself stays alive past its heartbeat timeout while the ticker runs. */
@Timeout(30)
class HeartbeatTickerTest {
    @ActivityInterface
    public interface Quick {
        String work();
    }

    @WorkflowInterface
    public interface OneStep {
        @WorkflowMethod
        String run();
    }

    public static class OneStepImpl implements OneStep {
        @Override
        public String run() {
            return Workflow.newActivityStub(
                            Quick.class,
                            ActivityOptions.newBuilder()
                                    .setStartToCloseTimeout(Duration.ofSeconds(20))
                                    .setHeartbeatTimeout(Duration.ofSeconds(1))
                                    .setRetryOptions(RetryOptions.newBuilder()
                                            .setMaximumAttempts(1)
                                            .build())
                                    .build())
                    .work();
        }
    }

    /** Three heartbeat timeouts' worth of work, and not one heartbeat of its own. */
    static final Quick SLOW_AND_SILENT = () -> {
        try {
            Thread.sleep(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    };

    private static String runOnce(WorkerFactoryOptions factory) {
        TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(factory)
                .build());
        try {
            Worker worker = env.newWorker("ticker");
            worker.registerWorkflowImplementationTypes(OneStepImpl.class);
            worker.registerActivitiesImplementations(SLOW_AND_SILENT);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            return client.newWorkflowStub(
                            OneStep.class,
                            WorkflowOptions.newBuilder().setTaskQueue("ticker").build())
                    .run();
        } finally {
            env.close();
        }
    }

    @Test
    void withTheTickerASilentActivityOutlivesItsHeartbeatTimeout() {
        try (HeartbeatTicker ticker = new HeartbeatTicker()) {
            assertThat(runOnce(WorkerFactoryOptions.newBuilder()
                            .setWorkerInterceptors(ticker)
                            .build()))
                    .isEqualTo("done");
        }
    }

    @Test
    void withoutItTheSameActivityTimesOut() {
        Throwable failure = catchThrowable(() -> runOnce(WorkerFactoryOptions.getDefaultInstance()));

        assertThat(failure).hasRootCauseInstanceOf(TimeoutFailure.class);
        assertThat(failure.getCause()).isInstanceOf(ActivityFailure.class);
    }
}
