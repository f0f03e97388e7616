package io.relman.cli.plan;

import io.relman.cli.yaml.YamlDocument;
import io.relman.cli.yaml.YamlException;
import io.relman.plan.Plan;
import io.relman.plan.PlanMessages;
import io.relman.plan.PlanProblem;
import io.relman.plan.PlanValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads relman.yml into a {@link Plan} and checks it completely before anything runs: the YAML, the form
 * of the plan ({@link PlanReader}), then every rule ({@link PlanValidator}, which the workers run too).
 * Every problem is reported as {@code path: what is wrong; how to fix it (file:line)}; unknown keys are
 * problems too, so a typo never silently falls back to a default.
 */
public final class PlanLoader {
    private PlanLoader() {}

    /** The plan in {@code file}, or a {@link PlanException} listing every problem in it. */
    public static Plan load(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw new PlanException(
                    List.of(absolute + ": no such plan file; pass --plan FILE or run relman where relman.yml is"));
        }
        YamlDocument document;
        try {
            document = YamlDocument.read(absolute);
        } catch (YamlException e) {
            throw new PlanException(e.problems().stream()
                    .map(problem -> {
                        String text = (problem.path().isEmpty() ? "" : problem.path() + ": ") + problem.message();
                        return problem.line() > 0 ? PlanMessages.located(text, e.source(), problem.line()) : text;
                    })
                    .toList());
        }
        PlanReader.Reading reading = PlanReader.read(document, absolute);
        List<PlanProblem> problems = new ArrayList<>(reading.problems());
        // One problem per place: where the form is wrong, the rules have nothing more to say.
        Set<String> read = new HashSet<>();
        reading.problems().forEach(problem -> read.add(problem.path()));
        PlanValidator.problems(reading.plan()).stream()
                .filter(problem -> !read.contains(problem.path()))
                .forEach(problems::add);
        if (!problems.isEmpty()) {
            throw new PlanException(problems.stream()
                    .map(problem -> PlanMessages.located(
                            problem.text(), document.source(), document.lineOf(problem.path(), problem.atKey())))
                    .toList());
        }
        return reading.plan();
    }
}
