package io.relman.cli.maintenance;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "maintenance",
        header = "Put the environment's maintenance page up by hand, or take it down.",
        mixinStandardHelpOptions = true,
        description = {
            "Put the environment's maintenance page (the plan's maintenance:) up over its services by hand, for",
            "work outside a release, and take it down again (workflow Maintenance, under the environment's",
            "release lock release-PROJECT-ENV: no release or restore runs while the page is up, and the page",
            "cannot go up during one). The traffic goes back to exactly what nginx routed before the page."
        },
        subcommands = {MaintenanceOnCommand.class, MaintenanceOffCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Example:", "  relman maintenance on --env demo", "  relman maintenance off --env demo"})
public final class MaintenanceCommand {}
