package io.relman.stack;

import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

public class DescribeStackWorkflowImpl implements DescribeStackWorkflow {
    private final StackActivities stack = Workflow.newActivityStub(
            StackActivities.class,
            ActivityOptions.newBuilder(RelmanActivityOptions.quick())
                    .setSummary("describe a compose project")
                    .build());

    @Override
    public StackDescription describe(String composeProject) {
        return stack.describeCompose(composeProject);
    }
}
