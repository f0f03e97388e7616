package io.relman.release.saga;

import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseProgress;
import io.relman.saga.Compensations;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * A release's story as the CLI and {@code relman status} tell it: every event with its time, step and
 * percentage, and the progress query's snapshot of where the run is. Also written to the worker's log.
 */
final class ProgressLog {
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final Compensations compensations;
    private long startedAt;
    private ReleaseProgress progress =
            new ReleaseProgress(ReleaseStep.PREFLIGHT, null, 0, 0, 0, 0, List.of(), List.of());

    ProgressLog(Compensations compensations) {
        this.compensations = compensations;
    }

    /** Marks the run's start: events count their time from here. */
    void start() {
        startedAt = Workflow.currentTimeMillis();
    }

    long startedAt() {
        return startedAt;
    }

    ReleaseProgress progress() {
        return progress;
    }

    /** An event of a step that is not counted in replicas: the pre-flight, the build, the migration... */
    void report(ReleaseStep step, String service, String event) {
        report(step, service, 0, 0, 0, event);
    }

    /** The same, unless this step told it already: services that share an image are told of it once. */
    void reportOnce(ReleaseStep step, String service, String event) {
        if (events.stream()
                .noneMatch(told -> told.step() == step && told.message().equals(event))) {
            report(step, service, event);
        }
    }

    void report(ReleaseStep step, String service, int replica, int done, int total, String event) {
        int percent = total == 0 ? 0 : done * 100 / total;
        events.add(new ReleaseEvent(Workflow.currentTimeMillis() - startedAt, step, percent, event));
        progress = new ReleaseProgress(step, service, replica, done, total, percent, events, compensations.ran());
        Workflow.getLogger(ProgressLog.class).info(event);
    }

    /** An event from a signal: it changes nothing of where the run is. */
    void reportWhereItIs(String event) {
        report(
                progress.step(),
                progress.service(),
                progress.replica(),
                progress.replicasDone(),
                progress.replicasTotal(),
                event);
    }
}
