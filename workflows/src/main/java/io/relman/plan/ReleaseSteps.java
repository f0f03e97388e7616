package io.relman.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * The steps of a release in the order a plan gives them ({@code steps:} of an environment), and the
 * rules an order must keep. Locking comes before them and recording after them, always.
 */
public final class ReleaseSteps {
    public static final String PREFLIGHT = "preflight";
    public static final String BACKUP = "backup";
    public static final String BUILD = "build";
    public static final String MIGRATE = "migrate";
    public static final String ROLLOUT = "rollout";
    public static final String VALIDATE = "validate";

    /** The order of the deployment guides relman replaces. */
    public static final List<String> DEFAULT = List.of(PREFLIGHT, BACKUP, BUILD, MIGRATE, ROLLOUT, VALIDATE);

    private ReleaseSteps() {}

    /**
     * What is wrong with {@code steps}, each with its fix; empty when the order is usable.
     *
     * @param migrates whether a service of the plan has a migration
     */
    public static List<String> problems(List<String> steps, boolean migrates) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (!DEFAULT.contains(step)) {
                problems.add("'" + step + "' is not a step; the steps are " + String.join(", ", DEFAULT));
            } else if (steps.indexOf(step) != i) {
                problems.add("'" + step + "' is listed twice; keep one");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (String required : List.of(PREFLIGHT, BUILD, ROLLOUT)) {
            if (!steps.contains(required)) {
                problems.add("'" + required + "' is missing; every release needs it (" + why(required) + ")");
            }
        }
        if (migrates && !steps.contains(MIGRATE)) {
            problems.add("'migrate' is missing, but a service has a migration; add migrate, or remove the migration");
        }
        if (migrates && !steps.contains(BACKUP)) {
            problems.add("'backup' is missing, but a service has a migration; add backup before migrate: the backup is"
                    + " the way back when a migration cannot be undone");
        }
        requireBefore(problems, steps, PREFLIGHT, BACKUP, "the pre-flight checks must pass before anything is changed");
        requireBefore(
                problems, steps, PREFLIGHT, MIGRATE, "the pre-flight checks must pass before anything is changed");
        requireBefore(
                problems, steps, PREFLIGHT, ROLLOUT, "the pre-flight checks must pass before anything is changed");
        requireBefore(problems, steps, BACKUP, MIGRATE, "the backup is the way back from a failed migration");
        requireBefore(problems, steps, BUILD, MIGRATE, "the migration runs in the new image");
        requireBefore(problems, steps, BUILD, ROLLOUT, "the replicas run the new image");
        requireBefore(
                problems, steps, ROLLOUT, VALIDATE, "validation requests the new release through the load balancer");
        return problems;
    }

    /**
     * A rollback's order: a deploy's, with the schema step and the rollout the other way round. What a
     * deploy did first, a rollback undoes last: with expand-then-rollout, the old release goes back on the expanded
     * schema, then the schema shrinks; with rollout-then-contract, the schema grows back first.
     */
    public static List<String> forRollback(List<String> steps) {
        int migrate = steps.indexOf(MIGRATE);
        int rollout = steps.indexOf(ROLLOUT);
        if (migrate < 0 || rollout < 0) {
            return steps;
        }
        // Both go where the later of them was, so every step the plan put before them stays before them.
        List<String> order = new ArrayList<>(steps.subList(0, Math.max(migrate, rollout) + 1));
        order.removeAll(List.of(MIGRATE, ROLLOUT));
        order.addAll(migrate < rollout ? List.of(ROLLOUT, MIGRATE) : List.of(MIGRATE, ROLLOUT));
        order.addAll(steps.subList(Math.max(migrate, rollout) + 1, steps.size()));
        return List.copyOf(order);
    }

    /** A migration's order: the deploy's steps up to the migration; the rollout and validation do not run. */
    public static List<String> forMigration(List<String> steps) {
        return steps.stream()
                .filter(step -> !step.equals(ROLLOUT) && !step.equals(VALIDATE))
                .toList();
    }

    private static void requireBefore(
            List<String> problems, List<String> steps, String first, String then, String why) {
        int firstAt = steps.indexOf(first);
        int thenAt = steps.indexOf(then);
        if (firstAt >= 0 && thenAt >= 0 && firstAt > thenAt) {
            problems.add("'" + first + "' must come before '" + then + "': " + why);
        }
    }

    private static String why(String step) {
        return switch (step) {
            case PREFLIGHT -> "it finds the release that runs now, which the undo steps go back to";
            case BUILD -> "it makes the image the release runs";
            default -> "it replaces the replicas";
        };
    }
}
