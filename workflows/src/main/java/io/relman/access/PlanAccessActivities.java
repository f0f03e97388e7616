package io.relman.access;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The worker's own check of what a run will touch on its host, before the run's first effect. */
@ActivityInterface(namePrefix = "PlanAccess")
public interface PlanAccessActivities {
    /**
     * What was checked, in words; fails without retry ({@code PlanError}, {@code PathRefused} or {@code
     * SecretRefused}), naming the plan's key and the fix, when the plan asks for what this worker does not
     * let plans use. Reads nothing but the worker's configuration and file names: it changes nothing.
     */
    @ActivityMethod
    String check(PlanAccess request);
}
