package io.relman.cli.common;

import io.relman.temporal.RelmanTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a refused command tells the release manager when the environment's release workflow id is
 * taken: which release holds it, who started it and when, its link, and what to do next.
 */
public final class ReleaseLock {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private ReleaseLock() {}

    public static String refusal(
            WorkflowClient client, TemporalOptions temporal, String environment, WorkflowExecution running) {
        String workflowId = running.getWorkflowId();
        String holder;
        try {
            WorkflowExecutionDescription description = client.newUntypedWorkflowStub(
                            workflowId, java.util.Optional.of(running.getRunId()), java.util.Optional.empty())
                    .describe();
            String version = description.getTypedSearchAttributes().get(RelmanTemporal.RELEASE_VERSION);
            String requestedBy = description.getMemo(RelmanTemporal.MEMO_REQUESTED_BY, String.class, String.class);
            // A restore or a maintenance page has no version; runs started before the memo have no requester.
            holder = description.getWorkflowType() + (version == null ? "" : " of " + version)
                    + (requestedBy == null ? "" : ", started by " + requestedBy) + " at "
                    + TIME.format(description.getStartTime());
        } catch (RuntimeException describeFailed) {
            holder = "a release (it could not be described: " + describeFailed.getMessage() + ")";
        }
        return "relman: refused: environment " + environment + " is being released already: " + holder + ".\n"
                + "  Web UI: " + temporal.runLink(workflowId, running.getRunId()) + "\n"
                + "  Follow it with: relman status " + workflowId + " --watch, and run this command again when it has"
                + " ended. Nothing was changed.";
    }
}
