package io.relman.hooks;

import io.temporal.activity.ActivityInterface;

/** The plan's hooks that run in a replica; those in a one-off container run as the migration does. */
@ActivityInterface(namePrefix = "Hook")
public interface HookActivities {
    /**
     * Runs the hook's argv in the running replica ({@code docker exec}) and returns its exit code and last
     * lines; a non-zero exit or the deadline fails it (type {@code HookFailed}) with those lines.
     */
    HookOutcome execIn(ReplicaHookRequest request);
}
