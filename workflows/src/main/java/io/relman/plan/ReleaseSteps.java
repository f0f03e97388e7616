package io.relman.plan;

import static io.relman.plan.ReleaseStep.BACKUP;
import static io.relman.plan.ReleaseStep.BUILD;
import static io.relman.plan.ReleaseStep.MIGRATE;
import static io.relman.plan.ReleaseStep.PREFLIGHT;
import static io.relman.plan.ReleaseStep.ROLLOUT;
import static io.relman.plan.ReleaseStep.VALIDATE;

import java.util.ArrayList;
import java.util.List;

/**
 * The order of a release's steps as a plan gives it ({@code steps:} of an environment), and the rules
 * an order must keep. Locking comes before them and recording after them, always.
 */
public final class ReleaseSteps {
    /** The order of the deployment guides relman replaces. */
    public static final List<ReleaseStep> DEFAULT = List.of(PREFLIGHT, BACKUP, BUILD, MIGRATE, ROLLOUT, VALIDATE);

    /** The order of an environment without a database: nothing to back up or migrate. */
    public static final List<ReleaseStep> WITHOUT_DATABASE = List.of(PREFLIGHT, BUILD, ROLLOUT, VALIDATE);

    /** The same, as a plan writes it. */
    public static final List<String> DEFAULT_NAMES = names(DEFAULT);

    private ReleaseSteps() {}

    /**
     * What is wrong with {@code steps} (as the plan writes them), each with its fix; empty when the
     * order is usable.
     *
     * @param migrates whether a service of the plan has a migration
     * @param hasDatabase whether the environment has a database, which backup and migrate need
     */
    public static List<String> problems(List<String> steps, boolean migrates, boolean hasDatabase) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (ReleaseStep.planned(step).isEmpty()) {
                problems.add("'" + step + "' is not a step; the steps are " + String.join(", ", DEFAULT_NAMES));
            } else if (steps.indexOf(step) != i) {
                problems.add("'" + step + "' is listed twice; keep one");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        List<ReleaseStep> order = of(steps);
        for (ReleaseStep needsDatabase : List.of(BACKUP, MIGRATE)) {
            if (!hasDatabase && order.contains(needsDatabase)) {
                problems.add("'" + needsDatabase + "' needs a database, and this environment has none; remove it,"
                        + " or add the database relman should " + (needsDatabase == BACKUP ? "back up" : "migrate"));
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        for (ReleaseStep required : List.of(PREFLIGHT, BUILD, ROLLOUT)) {
            if (!order.contains(required)) {
                problems.add("'" + required + "' is missing; every release needs it (" + why(required) + ")");
            }
        }
        if (migrates && !order.contains(MIGRATE)) {
            problems.add("'migrate' is missing, but a service has a migration; add migrate, or remove the migration");
        }
        if (migrates && !order.contains(BACKUP)) {
            problems.add("'backup' is missing, but a service has a migration; add backup before migrate: the backup is"
                    + " the way back when a migration cannot be undone");
        }
        String beforeChanges = "the pre-flight checks must pass before anything is changed";
        requireBefore(problems, order, PREFLIGHT, BACKUP, beforeChanges);
        requireBefore(problems, order, PREFLIGHT, MIGRATE, beforeChanges);
        requireBefore(problems, order, PREFLIGHT, ROLLOUT, beforeChanges);
        requireBefore(problems, order, BACKUP, MIGRATE, "the backup is the way back from a failed migration");
        requireBefore(problems, order, BUILD, MIGRATE, "the migration runs in the new image");
        requireBefore(problems, order, BUILD, ROLLOUT, "the replicas run the new image");
        requireBefore(
                problems, order, ROLLOUT, VALIDATE, "validation requests the new release through the load balancer");
        return problems;
    }

    /** The steps a plan names, in its order; names that are not steps are left out (the validator names them). */
    public static List<ReleaseStep> of(List<String> names) {
        return names.stream()
                .flatMap(name -> ReleaseStep.planned(name).stream())
                .toList();
    }

    public static List<String> names(List<ReleaseStep> steps) {
        return steps.stream().map(ReleaseStep::planName).toList();
    }

    /**
     * A rollback's order: a deploy's, with the schema step and the rollout the other way round. What a
     * deploy did first, a rollback undoes last: with expand-then-rollout, the old release goes back on the
     * expanded schema, then the schema shrinks; with rollout-then-contract, the schema grows back first.
     */
    public static List<ReleaseStep> forRollback(List<ReleaseStep> steps) {
        int migrate = steps.indexOf(MIGRATE);
        int rollout = steps.indexOf(ROLLOUT);
        if (migrate < 0 || rollout < 0) {
            return steps;
        }
        // Both go where the later of them was, so every step the plan put before them stays before them.
        List<ReleaseStep> order = new ArrayList<>(steps.subList(0, Math.max(migrate, rollout) + 1));
        order.removeAll(List.of(MIGRATE, ROLLOUT));
        order.addAll(migrate < rollout ? List.of(ROLLOUT, MIGRATE) : List.of(MIGRATE, ROLLOUT));
        order.addAll(steps.subList(Math.max(migrate, rollout) + 1, steps.size()));
        return List.copyOf(order);
    }

    /** A migration's order: the deploy's steps up to the migration; the rollout and validation do not run. */
    public static List<ReleaseStep> forMigration(List<ReleaseStep> steps) {
        return steps.stream()
                .filter(step -> step != ROLLOUT && step != VALIDATE)
                .toList();
    }

    private static void requireBefore(
            List<String> problems, List<ReleaseStep> steps, ReleaseStep first, ReleaseStep then, String why) {
        int firstAt = steps.indexOf(first);
        int thenAt = steps.indexOf(then);
        if (firstAt >= 0 && thenAt >= 0 && firstAt > thenAt) {
            problems.add("'" + first + "' must come before '" + then + "': " + why);
        }
    }

    private static String why(ReleaseStep step) {
        return switch (step) {
            case PREFLIGHT -> "it finds the release that runs now, which the undo steps go back to";
            case BUILD -> "it makes the image the release runs";
            default -> "it replaces the replicas";
        };
    }
}
