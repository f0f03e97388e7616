package io.relman.maintenance;

import io.relman.release.ReleaseProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code relman maintenance on|off}: the environment's maintenance page over its services until it is taken
 * down, under the environment's release lock (workflow id release-PROJECT-ENV): no release or restore runs
 * while the page is up, and the page cannot go up during one. What nginx routed is read first and is what the
 * traffic goes back to.
 */
@WorkflowInterface
public interface MaintenanceWorkflow {
    /** The progress's percent once the page is up: {@code relman maintenance on} stops watching there. */
    int UP_PERCENT = 50;

    @WorkflowMethod(name = "Maintenance")
    MaintenanceReport maintain(MaintenanceOrder order);

    /** The same live view a release gives: {@code relman maintenance on} and {@code relman status} show it. */
    @QueryMethod(name = "progress")
    ReleaseProgress progress();

    /**
     * {@code relman maintenance off} or {@code relman abort}: the traffic goes back to what nginx routed before
     * the page, and the page's container is removed. A cancel in the Web UI does the same.
     */
    @SignalMethod(name = "abort")
    void abort(String by);
}
