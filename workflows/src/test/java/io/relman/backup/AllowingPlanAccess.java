package io.relman.backup;

import io.relman.access.PlanAccess;
import io.relman.access.PlanAccessActivities;

/** A worker that lets the tests' plans use what they name. */
final class AllowingPlanAccess implements PlanAccessActivities {
    @Override
    public String check(PlanAccess request) {
        return "the worker lets " + request.project() + " " + request.environment() + " use what it names";
    }
}
