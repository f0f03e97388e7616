package io.relman.cli.release;

import picocli.CommandLine.Command;

@Command(
        name = "approve",
        header = "Let a release that waits at the approval gate go on.",
        mixinStandardHelpOptions = true,
        description = {
            "Let the release of an environment that waits at the plan's approval gate go on.",
            "The gate is environments.ENV.approval in the plan: {before: migrate|rollout, timeout: 24h}."
        },
        footer = {"", "Example:", "  relman approve demo"})
public final class ApproveCommand extends SignalCommand {
    @Override
    String signal() {
        return "approve";
    }

    @Override
    String whatHappensNext() {
        return "the release goes on past its approval gate (if it is not there yet, it will not stop there).";
    }
}
