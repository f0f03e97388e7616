package io.relman.release;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Runs only the migration of a version (backup, migrate up, check that the running replicas stay
 * healthy on the new schema), for releases that migrate ahead of their rollout. Undone like a deploy.
 */
@WorkflowInterface
public interface MigrationWorkflow extends ReleaseControl {

    @WorkflowMethod(name = "Migration")
    ReleaseResult migrate(ReleaseRequest request);
}
