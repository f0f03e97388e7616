package io.relman.cli.release;

import picocli.CommandLine.Command;

@Command(
        name = "pause",
        header = "Hold the running release before its next replica.",
        mixinStandardHelpOptions = true,
        description = {
            "Hold the running release of an environment before its next replica, for as long as needed.",
            "The replica being replaced now is finished first, so no replica is left half-replaced."
        },
        footer = {"", "Example:", "  relman pause demo      # later: relman resume demo, or relman abort demo"})
public final class PauseCommand extends SignalCommand {
    @Override
    String signal() {
        return "pause";
    }

    @Override
    String whatHappensNext() {
        return "the release holds before its next replica; relman resume to go on, relman abort to undo it.";
    }
}
