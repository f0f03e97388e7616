package io.relman.cli.common;

import io.relman.cli.plan.PlanException;
import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.relman.plan.PlanValidator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The plan a command reads, and how every command reads it and prints its problems. */
public final class PlanOption {
    @Option(
            names = "--plan",
            paramLabel = "FILE",
            defaultValue = "relman.yml",
            description = "The plan file (default: ${DEFAULT-VALUE}).")
    public Path file;

    /** The plan; a plan with problems stops the command (exit 2) with every problem listed. */
    public Plan load() {
        try {
            return PlanLoader.load(file);
        } catch (PlanException e) {
            throw new CommandException(ExitCode.BAD_INPUT, PlanValidator.refusal(file.toString(), e.problems()));
        }
    }

    /** "environment 'x' is not in relman.yml; it has: demo, ci." */
    public String unknownEnvironment(Plan loaded, String name) {
        return "environment '" + name + "' is not in " + file + "; it has: "
                + String.join(
                        ", ",
                        loaded.environments().stream().map(Environment::name).toList()) + ".";
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
