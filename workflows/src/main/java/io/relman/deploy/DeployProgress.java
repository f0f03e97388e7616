package io.relman.deploy;

import io.relman.saga.Compensation;
import java.util.List;

/**
 * A snapshot for the CLI's live view and {@code relman status}.
 *
 * @param step the current step: {@link #PREFLIGHT}, {@link #BACKUP}, {@link #BUILD}, {@link #APPROVAL}, {@link #MIGRATE}, {@link #ROLLOUT}, {@link #VERIFY}, {@link #VALIDATE},
 *     {@link #COMPENSATE}, {@link #RECORD}, {@link #DONE} or {@link #FAILED}
 * @param replica 1-based index of the replica being replaced, 0 outside the rollout
 * @param events what happened so far, oldest first
 * @param compensations the undo steps run so far, in the order they ran
 */
public record DeployProgress(
        String step,
        String service,
        int replica,
        int replicasDone,
        int replicasTotal,
        int percent,
        List<DeployEvent> events,
        List<Compensation> compensations) {
    public static final String PREFLIGHT = "preflight";
    public static final String BACKUP = "backup";
    public static final String BUILD = "build";
    public static final String APPROVAL = "approval";
    public static final String MIGRATE = "migrate";
    public static final String ROLLOUT = "rollout";
    public static final String VERIFY = "verify";
    public static final String VALIDATE = "validate";
    public static final String COMPENSATE = "compensate";
    public static final String RECORD = "record";
    public static final String DONE = "done";
    public static final String FAILED = "failed";

    public DeployProgress {
        events = List.copyOf(events);
        compensations = compensations == null ? List.of() : List.copyOf(compensations);
    }

    /** The newest event's message, or an empty string before the first. */
    public String lastMessage() {
        return events.isEmpty() ? "" : events.get(events.size() - 1).message();
    }
}
