package io.relman.plan;

/**
 * One rule a plan breaks: where ({@code services/app/replicas}), and what is wrong with the fix.
 *
 * @param atKey whether the problem is the entry's name (the key) rather than its value, so that a reader
 *     that knows lines points at the key's
 */
public record PlanProblem(String path, String message, boolean atKey) {
    static PlanProblem at(String path, String message) {
        return new PlanProblem(path, message, false);
    }

    static PlanProblem atKey(String path, String message) {
        return new PlanProblem(path, message, true);
    }

    /** {@code services/app/replicas: must be a whole number from 1 to 50}. */
    public String text() {
        return path + ": " + message;
    }
}
