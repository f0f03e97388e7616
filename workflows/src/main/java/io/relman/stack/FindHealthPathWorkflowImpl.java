package io.relman.stack;

import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;

public class FindHealthPathWorkflowImpl implements FindHealthPathWorkflow {
    private final StackActivities stack = Workflow.newActivityStub(
            StackActivities.class,
            ActivityOptions.newBuilder(RelmanActivityOptions.quick())
                    // Nine paths, each given up to 2 s and its exec's start: more than a quick step's 30 s.
                    .setStartToCloseTimeout(Duration.ofSeconds(60))
                    .setSummary("find a replica's health path")
                    .build());

    @Override
    public List<HealthPathSearch.Answer> find(HealthPathSearch search) {
        return stack.findHealthPath(search);
    }
}
