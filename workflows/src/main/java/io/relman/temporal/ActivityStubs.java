package io.relman.temporal;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/** Activity stubs for the steps of a workflow. */
public final class ActivityStubs {
    private ActivityStubs() {}

    public static <T> T stub(Class<T> activities, ActivityOptions options) {
        return Workflow.newActivityStub(activities, options);
    }

    /** A stub whose calls show {@code summary} in the Web UI's event history. */
    public static <T> T stub(Class<T> activities, ActivityOptions options, String summary) {
        return Workflow.newActivityStub(
                activities,
                ActivityOptions.newBuilder(options).setSummary(summary).build());
    }
}
