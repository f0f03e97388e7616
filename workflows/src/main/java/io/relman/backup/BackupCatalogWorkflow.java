package io.relman.backup;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Lists an environment's backups for the CLI ({@code relman backup list}, {@code verify}): they sit on
 * the worker's host, which the CLI need not be on.
 */
@WorkflowInterface
public interface BackupCatalogWorkflow {
    /** Newest first; with {@code verify}, every backup's data is re-read against its sha256. */
    @WorkflowMethod(name = "BackupCatalog")
    BackupCatalog catalog(BackupRequest request, boolean verify);
}
