package io.relman.database;

import java.util.List;

/**
 * A restore drill, measured: whether the backup came back as it was dumped (schema and row counts)
 * and passed the plan's drill_check.
 *
 * @param problems what was wrong, in words; empty when it passed
 * @param checkOutput what drill_check printed, or empty
 */
public record DrillOutcome(
        String backupId, long elapsedMillis, String rowCounts, List<String> problems, String checkOutput) {
    public DrillOutcome {
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }
}
