package io.relman.backup;

/**
 * A restore drill as relman's database keeps it: which backup was restored into a scratch database,
 * and whether it came back as it was dumped (and passed the plan's drill_check).
 */
public record DrillRecord(
        String project,
        String environment,
        String backupId,
        String workflowId,
        String runId,
        long startedAtMillis,
        long finishedAtMillis,
        boolean passed,
        String message) {}
