package io.relman.backup;

import io.relman.release.ReleaseProgress;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code relman restore}: a saga under the environment's release lock (workflow id release-PROJECT-ENV,
 * so no release runs meanwhile). Pre-flight (the backup whole, room for it), a backup of the database it
 * replaces, traffic held at nginx, the all-or-nothing restore with its verification, traffic back. The
 * undo puts the replaced database back and the traffic with it.
 */
@WorkflowInterface
public interface RestoreWorkflow {
    @WorkflowMethod(name = "Restore")
    RestoreReport restore(RestoreOrder order);

    /** The same live view a release gives: {@code relman restore} and {@code relman status} show it. */
    @QueryMethod(name = "progress")
    ReleaseProgress progress();

    /**
     * {@code relman abort}, as a release answers it: the restore stops at its next step boundary and undoes
     * what it did (the replaced database and the traffic back). Too late once the restored database is in
     * and the traffic is going back. A cancel in the Web UI does the same.
     */
    @SignalMethod(name = "abort")
    void abort(String by);
}
