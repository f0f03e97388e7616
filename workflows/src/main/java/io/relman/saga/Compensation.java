package io.relman.saga;

import com.fasterxml.jackson.annotation.JsonValue;
import io.relman.plan.ReleaseStep;

/**
 * One undo step of a failed release and how it went: what a release manager reads to know the state
 * the stack was left in.
 *
 * @param step the forward step it undoes (migrate, rollout, ...)
 * @param action what it set out to do, e.g. "put shop-demo-app-2 back on v2"
 * @param message what it did, or why it failed or was skipped
 */
public record Compensation(ReleaseStep step, String action, Outcome outcome, String message) {
    /** How an undo step went. */
    public enum Outcome {
        DONE("done"),
        FAILED("failed"),
        SKIPPED("skipped");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        @JsonValue
        @Override
        public String toString() {
            return word;
        }
    }

    /** {@code done: put shop-demo-app-2 back on v2 (running relman/shop-app:v2 again)}. */
    public String line() {
        return outcome + ": " + action + " (" + message + ")";
    }
}
