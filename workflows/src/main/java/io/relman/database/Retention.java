package io.relman.database;

import io.relman.plan.BackupPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which backups retention deletes: those older than keep_days, but never one of the newest
 * keep_last, nor one that must be kept (the newest verified, the latest release's). Pure, so that
 * every rule is tested without a file.
 */
public final class Retention {
    private Retention() {}

    /** {@code newestFirst}: every backup of the environment, newest first; ages count from when each finished. */
    public static List<DeletedBackup> select(
            List<StoredBackup> newestFirst, BackupPolicy policy, Set<String> keep, long nowMillis) {
        Duration maxAge = Duration.ofDays(policy.keepDays());
        List<DeletedBackup> deleted = new ArrayList<>();
        // Never the newest, whatever the policy says: a keep_last below 1 reached here would delete every backup.
        for (int position = Math.max(1, policy.keepLast()); position < newestFirst.size(); position++) {
            StoredBackup stored = newestFirst.get(position);
            Duration age = Duration.ofMillis(nowMillis - stored.finishedAtMillis());
            if (age.compareTo(maxAge) > 0 && !keep.contains(stored.backup().id())) {
                deleted.add(new DeletedBackup(
                        stored.backup().id(),
                        stored.backup().sizeBytes(),
                        age.toDays() + " days old, past keep_days " + policy.keepDays() + ", with " + policy.keepLast()
                                + " newer ones kept"));
            }
        }
        return deleted;
    }
}
