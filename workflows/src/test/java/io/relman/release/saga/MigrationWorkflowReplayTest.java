package io.relman.release.saga;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replays a Migration run recorded on the dev server (relman migrate v2 on a v1 stack) with the current code. */
@Timeout(30)
class MigrationWorkflowReplayTest {
    @Test
    void aRecordedMigrationReplaysWithTheCurrentCode() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(
                "histories/migration-v1-to-v2-schema.json", MigrationWorkflowImpl.class);
    }
}
