package io.relman.plan;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every rule a plan must keep to be released: names, ranges, step order and the references between
 * sections. Pure: the CLI runs it after reading relman.yml (and adds the line of each problem), and
 * every release workflow runs it on the plan it receives, whoever sent it, before anything changes.
 * Each section has its rules beside its record ({@link ServiceRules}, {@link EnvironmentRules} and the
 * sections of an environment); the names that must not meet are {@link NameCollisions}'; the words of the
 * problems are {@link PlanMessages}'.
 */
public final class PlanValidator {
    /** A DNS label's limit: names of services and environments end up in container names and aliases. */
    static final int MAX_ENTRY_NAME = 63;

    public static final int MAX_REPLICAS = 50;

    private static final String NAME_WHAT = "lowercase letters, digits and dashes, e.g. shop";

    private PlanValidator() {}

    /** Every rule {@code plan} breaks, in the order of the plan's sections; empty when it can be released. */
    public static List<PlanProblem> problems(Plan plan) {
        Problems problems = new Problems();
        problems.text("project", plan.project(), Problems.NAME, NAME_WHAT, true);
        entries(problems, "services", plan.services(), Service::name, service -> ServiceRules.check(problems, service));
        ServiceRules.upstreams(problems, plan);
        entries(
                problems,
                "environments",
                plan.environments(),
                Environment::name,
                environment -> EnvironmentRules.check(problems, plan, environment));
        if (problems.isEmpty()) {
            NameCollisions.problems(plan).forEach(problems::add);
        }
        return problems.found();
    }

    /** What a release manager reads when a plan breaks rules: every problem, and that nothing changed. */
    public static String refusal(String source, List<String> problems) {
        return PlanMessages.refusal(source, problems);
    }

    private static <T> void entries(
            Problems problems, String section, List<T> entries, Function<T, String> name, Consumer<T> check) {
        if (entries == null || entries.isEmpty()) {
            problems.add(section, PlanMessages.missing(section, "at least one entry"));
            return;
        }
        for (T entry : entries) {
            String entryName = name.apply(entry);
            if (entryName != null && entryName.length() > MAX_ENTRY_NAME) {
                problems.addAtKey(
                        section + "/" + entryName,
                        "a name of " + entryName.length() + " characters; keep it to " + MAX_ENTRY_NAME
                                + " at most (it becomes part of container and network names)");
            } else if (entryName == null || !Problems.NAME.matcher(entryName).matches()) {
                problems.addAtKey(section + "/" + entryName, "'" + entryName + "' must be " + Problems.ENTRY_NAME_WHAT);
            }
            check.accept(entry);
        }
    }
}
