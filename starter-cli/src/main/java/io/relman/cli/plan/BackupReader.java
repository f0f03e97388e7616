package io.relman.cli.plan;

import io.relman.plan.BackupCopyTarget;
import io.relman.plan.BackupPolicy;
import java.util.Set;

/** Reads a database's {@code backup}: its schedule and drill, what it keeps, its format and its copy. */
final class BackupReader {
    static final Set<String> KEYS =
            Set.of("schedule", "keep_last", "keep_days", "drill", "drill_check", "format", "jobs", "copy_to");
    private static final Set<String> COPY_KEYS = Set.of("host", "dir");

    private BackupReader() {}

    static BackupPolicy read(Keys keys) {
        return new BackupPolicy(
                keys.text("schedule"),
                keys.number("keep_last", BackupPolicy.DEFAULT_KEEP_LAST),
                keys.number("keep_days", BackupPolicy.DEFAULT_KEEP_DAYS),
                keys.text("drill"),
                keys.text("drill_check"),
                keys.textOr("format", BackupPolicy.CUSTOM),
                keys.number("jobs", BackupPolicy.DEFAULT_JOBS),
                keys.mapping("copy_to", COPY_KEYS, copy -> new BackupCopyTarget(copy.text("host"), copy.text("dir"))));
    }
}
