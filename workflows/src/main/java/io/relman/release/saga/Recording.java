package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.docker.ReplicaState;
import io.relman.plan.Service;
import io.relman.release.AdoptedBaseline;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseRecord;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
                release.kind,
                outcome == ReleaseOutcome.SUCCEEDED ? adopted() : null));
    }

    /**
     * What ran before a deploy on a stack relman had not released (no replica carries its labels), from the
     * pre-flight's view; the worker decides whether it is the environment's first release. Reads only what
     * the run has, so the run's commands are the same as before.
     */
    private AdoptedBaseline adopted() {
        if (release.kind != ReleaseKind.DEPLOY || release.before == null) {
            return null;
        }
        Map<String, List<ReplicaState>> byService = new LinkedHashMap<>();
        for (Service service : release.plan.services()) {
            Set<String> names = new HashSet<>();
            for (int index = 1; index <= service.replicas(); index++) {
                names.add(service.replicaName(release.plan.project(), release.environment.name(), index));
            }
            byService.put(
                    service.name(),
                    release.before.stream()
                            .filter(state -> state != null && names.contains(state.container()))
                            .toList());
        }
        return AdoptedBaseline.seenBefore(byService);
    }
}
