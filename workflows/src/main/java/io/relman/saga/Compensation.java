package io.relman.saga;

/**
 * One undo step of a failed release and how it went: what a release manager reads to know the state
 * the stack was left in.
 *
 * @param step the forward step it undoes (migrate, rollout, ...)
 * @param action what it set out to do, e.g. "put shop-demo-app-2 back on v2"
 * @param outcome {@link #DONE}, {@link #FAILED} or {@link #SKIPPED}
 * @param message what it did, or why it failed or was skipped
 */
public record Compensation(String step, String action, String outcome, String message) {
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    /** {@code done: put shop-demo-app-2 back on v2 (running relman/shop-app:v2 again)}. */
    public String line() {
        return outcome + ": " + action + " (" + message + ")";
    }
}
