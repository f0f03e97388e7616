package io.relman.cli.backup;

import picocli.CommandLine.Command;

@Command(
        name = "verify",
        header = "Re-read every backup of the environment against its sha256.",
        mixinStandardHelpOptions = true,
        description = {
            "Re-read every backup of the environment against its sha256 and list them as list does; exit 1",
            "if any is damaged (or the last drill failed). A restore drill checks more: relman backup drill."
        })
final class BackupVerifyCommand extends BackupListCommand {
    @Override
    boolean verify() {
        return true;
    }
}
