package io.relman.release;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * What a release run changes: a whole version, only its migration, or back to an earlier release. A
 * baseline is no run: what ran before relman's first release on the environment, recorded by that release.
 */
public enum ReleaseKind {
    DEPLOY("deploy"),
    MIGRATION("migration"),
    ROLLBACK("rollback"),
    BASELINE("baseline");

    private final String noun;

    ReleaseKind(String noun) {
        this.noun = noun;
    }

    /** As the records, the history and the run's messages write it: {@code deploy}. */
    @JsonValue
    @Override
    public String toString() {
        return noun;
    }

    /** The kind written {@code noun}; an older record without one was a deploy. */
    public static ReleaseKind of(String noun) {
        return Arrays.stream(values())
                .filter(kind -> kind.noun.equals(noun))
                .findFirst()
                .orElse(DEPLOY);
    }
}
