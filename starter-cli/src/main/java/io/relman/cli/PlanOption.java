package io.relman.cli;

import io.relman.cli.plan.PlanException;
import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import io.relman.plan.PlanValidator;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The plan a command reads, and how every command reads it and prints its problems. */
final class PlanOption {
    @Option(
            names = "--plan",
            paramLabel = "FILE",
            defaultValue = "relman.yml",
            description = "The plan file (default: ${DEFAULT-VALUE}).")
    Path file;

    /** The plan; a plan with problems stops the command (exit 2) with every problem listed. */
    Plan load() {
        try {
            return PlanLoader.load(file);
        } catch (PlanException e) {
            throw new CommandException(ExitCode.BAD_INPUT, PlanValidator.refusal(file.toString(), e.problems()));
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
