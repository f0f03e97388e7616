package io.relman.deploy;

import io.temporal.testing.WorkflowReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replays a Rollback run recorded on the dev server (v2 back to v1 under load, with the pre-flight
 * health checks and the endpoint validation) with the current code.
 */
@Timeout(30)
class RollbackWorkflowReplayTest {
  @Test
  void aRecordedRollbackReplaysWithTheCurrentCode() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource("histories/rollback-v2-to-v1.json",
        RollbackWorkflowImpl.class);
  }
}
