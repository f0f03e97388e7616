package io.relman.cli.release;

import picocli.CommandLine.Command;

@Command(
        name = "resume",
        header = "Let a paused release go on with its next replica.",
        mixinStandardHelpOptions = true,
        description = "Let a paused release of an environment go on with its next replica.",
        footer = {"", "Example:", "  relman resume demo"})
public final class ResumeCommand extends SignalCommand {
    @Override
    String signal() {
        return "resume";
    }

    @Override
    String whatHappensNext() {
        return "the release goes on with its next replica.";
    }
}
