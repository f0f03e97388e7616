package io.relman.database;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * The pre-flight check of the workflows that may restore a backup (a release whose undo may, a rollback
 * that does, relman restore, a drill): before anything changes, the role that would create the scratch
 * database may do so. Workflow code.
 */
public final class RestoreAccess {
    private RestoreAccess() {}

    /** Whether this run checks: runs recorded before {@code change} replay without the check. */
    public static boolean checkedSince(String change) {
        return Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** What the role may do, in words; fails without retry, naming the grant and the setting, where it may not. */
    public static String check(Host host, Database database) {
        return stub(
                        RestoreAccessActivities.class,
                        RelmanActivityOptions.quick(),
                        "check that " + database.scratchRole() + " may create the scratch database a restore of "
                                + database.name() + " needs")
                .check(host, database);
    }
}
