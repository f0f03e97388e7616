package io.relman.release.saga;

import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;

/** Activity stubs for the steps of a release. */
final class ActivityStubs {
    private ActivityStubs() {}

    static <T> T stub(Class<T> activities, ActivityOptions options) {
        return Workflow.newActivityStub(activities, options);
    }

    /** A stub whose calls show {@code summary} in the Web UI's event history. */
    static <T> T stub(Class<T> activities, ActivityOptions options, String summary) {
        return Workflow.newActivityStub(
                activities,
                ActivityOptions.newBuilder(options).setSummary(summary).build());
    }
}
