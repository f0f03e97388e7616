package io.relman.release;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replays a History run recorded on the dev server (relman history --env ci) with the current code. */
@Timeout(30)
class HistoryWorkflowReplayTest {
    @Test
    void aRecordedHistoryReadReplaysWithTheCurrentCode() throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource("histories/history-ci.json", HistoryWorkflowImpl.class);
    }
}
