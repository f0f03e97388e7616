package io.relman.release;

import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensation;
import java.util.List;

/**
 * A snapshot for the CLI's live view and {@code relman status}.
 *
 * @param step where the run is now
 * @param replica 1-based index of the replica being replaced, 0 outside the rollout
 * @param events what happened so far, oldest first
 * @param compensations the undo steps run so far, in the order they ran
 */
public record ReleaseProgress(
        ReleaseStep step,
        String service,
        int replica,
        int replicasDone,
        int replicasTotal,
        int percent,
        List<ReleaseEvent> events,
        List<Compensation> compensations) {
    public ReleaseProgress {
        events = List.copyOf(events);
        compensations = compensations == null ? List.of() : List.copyOf(compensations);
    }

    /** The newest event's message, or an empty string before the first. */
    public String lastMessage() {
        return events.isEmpty() ? "" : events.get(events.size() - 1).message();
    }
}
