package io.relman.release.saga;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays Migration runs recorded on the dev server (relman migrate v2 on a v1 stack) with the current
 * code: one from before the plan was checked on the worker, one from after.
 */
@Timeout(30)
class MigrationWorkflowReplayTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "histories/migration-v1-to-v2-schema.json",
                "histories/checked-migration-v1-to-v2.json",
                "histories/byname-migration-v1-to-v2.json"
            })
    void recordedMigrationsReplayWithTheCurrentCode(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, MigrationWorkflowImpl.class);
    }
}
