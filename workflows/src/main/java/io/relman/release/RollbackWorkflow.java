package io.relman.release;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Puts an environment back on an earlier release: its images (already built), and its schema (the
 * migration run down with the newer image, or, when asked, the database restored from the backup the
 * newer release took before migrating). A saga like a deploy: a failure puts the newer release back.
 */
@WorkflowInterface
public interface RollbackWorkflow extends ReleaseControl {

    @WorkflowMethod(name = "Rollback")
    ReleaseResult rollback(RollbackRequest request);
}
