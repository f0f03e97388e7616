package io.relman.release;

import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

public class HistoryWorkflowImpl implements HistoryWorkflow {
    private final ReleaseActivities releases = Workflow.newActivityStub(
            ReleaseActivities.class,
            ActivityOptions.newBuilder(RelmanActivityOptions.quick())
                    .setSummary("read the release records")
                    .build());

    @Override
    public List<ReleaseRecord> history(HistoryRequest request) {
        return releases.history(request);
    }
}
