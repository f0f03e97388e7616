package io.relman.plan;

import java.util.Arrays;
import java.util.Optional;

/**
 * Where a service's hooks run in a release. {@link #BEFORE_TRAFFIC} runs in each new replica ({@code docker
 * exec}) once it is ready and before it joins the upstream; the others run in a one-off container of an image
 * of the service, made as the migration's is: {@link #AFTER_MIGRATE} once the migrate step is done,
 * {@link #AFTER_ROLLOUT} once every replica is replaced (or, with {@link Hook#in}, in one of the new replicas),
 * {@link #ON_UNDO} after a release's undo, with the image that runs again.
 */
public enum HookPhase {
    AFTER_MIGRATE("after_migrate"),
    BEFORE_TRAFFIC("before_traffic"),
    AFTER_ROLLOUT("after_rollout"),
    ON_UNDO("on_undo");

    private final String planName;

    HookPhase(String planName) {
        this.planName = planName;
    }

    public String planName() {
        return planName;
    }

    public static Optional<HookPhase> named(String name) {
        return Arrays.stream(values())
                .filter(phase -> phase.planName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return planName;
    }
}
