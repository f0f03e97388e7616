package io.relman.cli.release;

import picocli.CommandLine.Command;

@Command(
        name = "abort",
        header = "Stop the running release and undo what it did.",
        mixinStandardHelpOptions = true,
        description = {
            "Stop the running release of an environment and undo what it did, newest first, as after a",
            "failure: replicas back on their old containers (without a failed request), the migration run down.",
            "The step running now is stopped at its next heartbeat, or allowed to finish, before the undo starts.",
            "The release then ends failed, and relman status lists every undo step with its outcome.",
            "A restore (relman restore) answers abort too: it stops at its next step and puts the replaced",
            "database and the traffic back. A maintenance page (relman maintenance on) answers abort too: it",
            "comes down, the traffic back to what nginx routed. approve, pause and resume are refused for both."
        },
        footer = {"", "Example:", "  relman abort demo && relman status demo --watch"})
public final class AbortCommand extends SignalCommand {
    @Override
    String signal() {
        return "abort";
    }

    @Override
    String whatHappensNext() {
        return "the release stops and undoes what it did.";
    }
}
