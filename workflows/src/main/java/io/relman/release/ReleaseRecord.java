package io.relman.release;

import io.relman.database.BackupFile;
import io.relman.saga.Compensation;
import java.util.List;
import java.util.Map;

/**
 * One release attempt as relman remembers it.
 *
 * @param images service name to the image id it was released with
 * @param failure why it failed, or null
 * @param compensations what was undone after the failure, in the order it ran
 * @param backup the database backup taken before the release's migration, or null
 * @param kind what the run changed; null (a record from before kinds existed) means a deploy
 * @param adopted a succeeded deploy's: what ran before it, when its pre-flight found no replica relman made
 *     (the worker keeps it as the environment's {@link ReleaseKind#BASELINE baseline} when none is recorded
 *     and no release succeeded there yet); a baseline's: what it holds; else null
 */
public record ReleaseRecord(
        String workflowId,
        String runId,
        String project,
        String environment,
        String version,
        String requestedBy,
        long startedAtMillis,
        long finishedAtMillis,
        ReleaseOutcome outcome,
        Map<String, String> images,
        String failure,
        List<Compensation> compensations,
        BackupFile backup,
        ReleaseKind kind,
        AdoptedBaseline adopted) {
    public ReleaseRecord {
        images = Map.copyOf(images);
        compensations = compensations == null ? List.of() : List.copyOf(compensations);
        kind = kind == null ? ReleaseKind.DEPLOY : kind;
    }
}
