package io.relman.access;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.temporal.RelmanActivityOptions;
import io.temporal.workflow.Workflow;

/**
 * The first step of every workflow that acts on a plan's environment: the worker checks every path and
 * secret the run will touch ({@link PlanAccessActivities}). Workflow code.
 */
public final class PlanAccessCheck {
    private PlanAccessCheck() {}

    /** Whether this run checks: runs recorded before {@code change} replay without the check. */
    public static boolean checkedSince(String change) {
        return Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1) == 1;
    }

    /** What was checked, in words; fails without retry, changing nothing, when the plan asks too much. */
    public static String check(PlanAccess request) {
        return stub(
                        PlanAccessActivities.class,
                        RelmanActivityOptions.quick(),
                        "check the paths and secrets " + request.project() + " " + request.environment() + " uses")
                .check(request);
    }
}
