package io.relman.release;

import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensation;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run that is not a release reports as one does (a restore, a maintenance page): its events with their
 * time since the run started, for its {@code progress} query, which relman status shows. Workflow code.
 */
public final class RunEvents {
    private final List<ReleaseEvent> events = new ArrayList<>();
    private final long started = Workflow.currentTimeMillis();
    private ReleaseStep step = ReleaseStep.PREFLIGHT;
    private int percent;

    public void report(ReleaseStep now, int atPercent, String message) {
        step = now;
        percent = atPercent;
        events.add(new ReleaseEvent(Workflow.currentTimeMillis() - started, now, atPercent, message));
    }

    /** Another event where the run is now. */
    public void report(String message) {
        report(step, percent, message);
    }

    public int percent() {
        return percent;
    }

    public long started() {
        return started;
    }

    public ReleaseProgress progress(List<Compensation> ran) {
        return new ReleaseProgress(step, null, 0, 0, 0, percent, events, ran);
    }
}
