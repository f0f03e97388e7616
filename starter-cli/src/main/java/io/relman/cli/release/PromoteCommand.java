package io.relman.cli.release;

import picocli.CommandLine.Command;

@Command(
        name = "promote",
        header = "End the pause a canary release is in, so that it takes its next step.",
        mixinStandardHelpOptions = true,
        description = {
            "End the pause of the canary release of an environment (update_order: canary in the plan): a",
            "pause: {} that waits for it, or a timed pause, early. The canary then takes its next step: its next",
            "weight, or, after the last step, every replica replaced by the new version while the canaries",
            "serve, which are then removed. relman status ENV shows the canary's weight and its pause.",
            "To stop a canary instead: relman abort ENV (weight 0 at once, then the canaries removed)."
        },
        footer = {"", "Example:", "  relman status demo      # the canary paused at 10%", "  relman promote demo"})
public final class PromoteCommand extends SignalCommand {
    @Override
    String signal() {
        return "promote";
    }

    @Override
    String whatHappensNext() {
        return "the canary's pause ends (or, if it is not paused, its next pause) and it takes its next step;"
                + " relman status shows where it is.";
    }
}
