package io.relman.cli.maintenance;

import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.PlanOption;
import io.relman.cli.common.TemporalOptions;
import io.relman.plan.Plan;
import io.relman.temporal.RelmanTemporal;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The environment whose maintenance page a command puts up or takes down: --env, the plan, the connection. */
final class MaintenanceTarget {
    @Option(
            names = "--env",
            required = true,
            paramLabel = "ENV",
            description = "Environment of the plan whose page it is.")
    String environment;

    @Mixin
    PlanOption plan;

    @Mixin
    TemporalOptions temporal;

    /** The plan; one without the environment stops the command (exit 2) before Temporal is contacted. */
    Plan plan() {
        Plan loaded = plan.load();
        if (loaded.environment(environment).isEmpty()) {
            throw new CommandException(
                    ExitCode.BAD_INPUT, plan.unknownEnvironment(loaded, environment) + " Nothing was changed.");
        }
        return loaded;
    }

    /** The environment's lock, which the page's run holds while it is up. */
    String workflowId(Plan loaded) {
        return RelmanTemporal.releaseWorkflowId(loaded.project(), environment);
    }
}
