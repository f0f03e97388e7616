package io.relman.backup;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays Backup and Drill runs recorded on the dev server by BackupScheduleIT (examples/ledger) with
 * the current code: a backup asked for by hand, one a schedule started that deleted a backup, a drill
 * that passed and one that failed, a restore and one refused for a damaged backup.
 */
@Timeout(30)
class BackupWorkflowsReplayTest {
    @ParameterizedTest
    @ValueSource(strings = {"histories/backup-now.json", "histories/backup-scheduled-retention.json"})
    void recordedBackupsReplayWithTheCurrentCode(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, BackupWorkflowImpl.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"histories/drill-passed.json", "histories/drill-failed.json"})
    void recordedDrillsReplayWithTheCurrentCode(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, DrillWorkflowImpl.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"histories/restore-ledger.json", "histories/restore-refused-damaged.json"})
    void recordedRestoresReplayWithTheCurrentCode(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, RestoreWorkflowImpl.class);
    }
}
