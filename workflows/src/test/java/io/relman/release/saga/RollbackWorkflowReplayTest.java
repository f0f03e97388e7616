package io.relman.release.saga;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays Rollback runs recorded on the dev server (v2 back to v1 under load) with the current code:
 * one from before the plan's step order (schema first), one from after (rollout first, then the schema).
 */
@Timeout(30)
class RollbackWorkflowReplayTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "histories/rollback-v2-to-v1.json",
                "histories/steps-rollback-v2-to-v1-rollout-first.json",
                "histories/checked-rollback-v2-to-v1.json",
                "histories/byname-rollback-v2-to-v1.json",
                "histories/swap-rollback-v2-to-v1.json"
            })
    void recordedRollbacksReplayWithTheCurrentCode(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, RollbackWorkflowImpl.class);
    }
}
