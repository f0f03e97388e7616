package io.relman.cli;

import io.relman.cli.plan.PlanException;
import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import io.relman.plan.PlanValidator;
import java.nio.file.Path;

/** Loads a plan for a command, printing its problems the one way every command prints them. */
final class Plans {
    private Plans() {}

    /** The plan; a plan with problems stops the command (exit 2) with every problem listed. */
    static Plan load(Path file) {
        try {
            return PlanLoader.load(file);
        } catch (PlanException e) {
            throw new CommandException(ExitCode.BAD_INPUT, PlanValidator.refusal(file.toString(), e.problems()));
        }
    }
}
