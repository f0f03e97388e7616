package io.relman.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** The floor under relman's workflow: N activities that do nothing, one after the other, and nothing else. */
final class Baseline {
    private Baseline() {}

    @WorkflowInterface
    public interface Steps {
        @WorkflowMethod
        void run(int steps);
    }

    @ActivityInterface
    public interface Step {
        void step(int index);
    }

    public static final class StepsImpl implements Steps {
        private final Step step = Workflow.newActivityStub(
                Step.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());

        @Override
        public void run(int steps) {
            for (int index = 0; index < steps; index++) {
                step.step(index);
            }
        }
    }

    static final class StepImpl implements Step {
        @Override
        public void step(int index) {}
    }
}
