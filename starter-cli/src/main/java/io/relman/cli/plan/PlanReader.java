package io.relman.cli.plan;

import io.relman.cli.yaml.YamlDocument;
import io.relman.cli.yaml.YamlDocument.YamlMap;
import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.relman.plan.PlanProblem;
import io.relman.plan.PlanValidator;
import io.relman.plan.Service;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns the YAML tree of a relman.yml into {@link Plan} records: which keys exist where, and the shape
 * and type of each value (a mapping, a list of words, a number, a duration). What the values may be is
 * {@link PlanValidator}'s to say. A value of the wrong shape is a problem here; one that cannot be a
 * number becomes 0, which no number of a plan may be, so that the validator names its range. Each
 * section has a reader of its own ({@link ServiceReader}, {@link EnvironmentReader} and the sections of
 * an environment), with the keys it allows.
 */
final class PlanReader {
    private static final Set<String> KEYS = Set.of("project", "environments", "services");

    private PlanReader() {}

    /** The plan in {@code document}, read from {@code file}, with the problems of its form. */
    static Reading read(YamlDocument document, Path file) {
        List<PlanProblem> problems = new ArrayList<>();
        if (!(document.root() instanceof YamlMap top)) {
            problems.add(
                    new PlanProblem("", "the plan must be a mapping with project, environments and services", false));
            return new Reading(new Plan(file.toString(), null, List.of(), List.of()), List.copyOf(problems));
        }
        Keys keys = Keys.top(top, KEYS, file.getParent(), document.source(), problems);
        List<Service> services = keys.entries("services", ServiceReader.KEYS, ServiceReader::read);
        List<Environment> environments = keys.entries("environments", EnvironmentReader.KEYS, EnvironmentReader::read);
        Plan plan = new Plan(file.toString(), keys.text("project"), environments, services);
        return new Reading(plan, List.copyOf(problems));
    }

    record Reading(Plan plan, List<PlanProblem> problems) {}
}
