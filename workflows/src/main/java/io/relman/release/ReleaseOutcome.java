package io.relman.release;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** How a release run ended, as relman's records keep it. */
public enum ReleaseOutcome {
    SUCCEEDED("succeeded"),
    FAILED("failed");

    private final String word;

    ReleaseOutcome(String word) {
        this.word = word;
    }

    @JsonValue
    @Override
    public String toString() {
        return word;
    }

    public static ReleaseOutcome of(String word) {
        return Arrays.stream(values())
                .filter(outcome -> outcome.word.equals(word))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no release outcome is called " + word));
    }
}
