package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseRecord;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;

/** The record step: who released what, when and how it ended, in relman's own database. */
final class Recording {
    private final Release release;
    private final ReleaseActivities releases = stub(ReleaseActivities.class, RelmanActivityOptions.quick());

    Recording(Release release) {
        this.release = release;
    }

    /** @param failure why the run failed, or null */
    void record(ReleaseOutcome outcome, String failure) {
        releases.record(new ReleaseRecord(
                Release.workflowId(),
                Workflow.getInfo().getRunId(),
                release.plan.project(),
                release.request.environment(),
                release.version(),
                release.request.requestedBy(),
                release.progress.startedAt(),
                Workflow.currentTimeMillis(),
                outcome,
                release.images,
                failure,
                release.compensations.ran(),
                release.backup,
                release.kind));
    }
}
