package io.relman.database;

import io.relman.plan.BackupPolicy;
import java.util.List;

/**
 * @param keep backups retention must keep whatever their age: the newest verified by a drill, the one
 *     the latest succeeded release refers to
 * @param nowMillis the time ages are measured from (the workflow's clock)
 */
public record PruneRequest(BackupQuery query, BackupPolicy policy, List<String> keep, long nowMillis) {
    public PruneRequest {
        keep = List.copyOf(keep);
    }
}
