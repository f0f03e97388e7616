package io.relman.bench;

import io.relman.access.PlanAccess;
import io.relman.access.PlanAccessActivities;

/** The bench's worker lets its plan use everything: it measures the engine, not the allow-lists. */
final class AllowingPlanAccess implements PlanAccessActivities {
    @Override
    public String check(PlanAccess request) {
        return "allowed (bench)";
    }
}
