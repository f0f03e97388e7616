package io.relman.database;

import io.relman.plan.BackupPolicy;
import io.relman.temporal.OnMachine;
import java.util.List;

/**
 * @param keep backups retention must keep whatever their age: the newest verified by a drill, the one
 *     the latest succeeded release refers to
 * @param nowMillis the time ages are measured from (the workflow's clock)
 * @param machineQueue the machine whose backup directory this prunes: the one that holds the backup just
 *     taken ({@link BackupFile#heldOn}); null in runs from before it was recorded
 */
public record PruneRequest(
        BackupQuery query, BackupPolicy policy, List<String> keep, long nowMillis, String machineQueue)
        implements OnMachine {
    public PruneRequest {
        keep = List.copyOf(keep);
    }
}
