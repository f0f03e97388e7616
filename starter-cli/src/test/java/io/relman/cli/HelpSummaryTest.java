package io.relman.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The line each command's parent lists it with is a whole short sentence: picocli lists a command by the
 * first line of its header (or else of its description), so a long first line shows cut mid-sentence.
 */
@Timeout(20)
class HelpSummaryTest {
    private static final int MAX = 70;

    @Test
    void everyCommandIsListedByOneShortWholeSentence() {
        CommandLine root = root();
        List<String> problems = new ArrayList<>();
        check(root, problems);
        assertThat(problems).isEmpty();
    }

    @Test
    void theListShowsTheSummaryAndTheCommandsHelpTheDetail() {
        CommandLine root = root();

        assertThat(root.getUsageMessage())
                .containsPattern("  deploy +Release a new version of the plan's services to an environment.\n");
        assertThat(root.getSubcommands().get("deploy").getUsageMessage())
                .contains("Release VERSION of the plan's services to an environment");
    }

    /** The command line as relman --help prints it: 120 columns, so that a name as long as maintenance fits. */
    private static CommandLine root() {
        CommandLine root = new CommandLine(new RelmanCli());
        RelmanCli.commandsFor("--help").forEach(root::addSubcommand);
        root.setUsageHelpWidth(120);
        return root;
    }

    /** Checks the command list of a command and of each of its subcommands, as --help prints them. */
    private static void check(CommandLine parent, List<String> problems) {
        String name = parent.getCommandSpec().qualifiedName();
        String list = parent.getHelp().commandList();
        for (String line : list.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            // "  name   summary": a line that does not start with a command's name continues the one before.
            String[] columns = line.strip().split("\\s+", 2);
            if (!parent.getSubcommands().containsKey(columns[0]) || columns.length < 2) {
                problems.add(name + ": a summary runs over two lines: " + line);
                continue;
            }
            String summary = columns[1];
            if (summary.length() > MAX || !summary.endsWith(".")) {
                problems.add(name + " " + columns[0] + ": '" + summary + "' is not one sentence of at most " + MAX
                        + " characters");
            }
        }
        parent.getSubcommands().values().stream()
                .filter(sub -> sub.getParent() == parent)
                .forEach(sub -> check(sub, problems));
    }
}
