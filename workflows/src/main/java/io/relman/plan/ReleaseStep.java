package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * Where a release run is, as its progress and its events name it. The first six are the steps a plan
 * orders ({@code steps:} of an environment); the others are the moments around them: waiting for an
 * approval, probing the running release after a migration alone, undoing, recording, and the end.
 */
public enum ReleaseStep {
    PREFLIGHT("preflight", true),
    BACKUP("backup", true),
    BUILD("build", true),
    MIGRATE("migrate", true),
    ROLLOUT("rollout", true),
    VALIDATE("validate", true),
    APPROVAL("approval", false),
    VERIFY("verify", false),
    COMPENSATE("compensate", false),
    RECORD("record", false),
    DONE("done", false),
    FAILED("failed", false);

    private final String planName;
    private final boolean planned;

    ReleaseStep(String planName, boolean planned) {
        this.planName = planName;
        this.planned = planned;
    }

    /** As a plan, the progress and the release records write it: {@code preflight}. */
    @JsonValue
    public String planName() {
        return planName;
    }

    /** The step a plan's {@code steps:} names {@code name}, if it names one. */
    public static Optional<ReleaseStep> planned(String name) {
        return Arrays.stream(values())
                .filter(step -> step.planned && step.planName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return planName;
    }
}
