package io.relman.cli.resident;

import io.relman.cli.RelmanCli;
import io.relman.cli.backup.DrillStatus;
import io.relman.cli.common.CliConnections;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ProgressView;
import io.relman.cli.common.TemporalOptions;
import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseProgress;
import io.relman.temporal.RelmanTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs command lines (separated by a lone {@code ;}) with their output discarded, so that a JVM started
 * with {@code -XX:ArchiveClassesAtExit} archives the classes they load: scripts/setup.sh builds the CLI's
 * class archive this way, which bin/relman then starts with (about half of a command's start-up is class
 * loading), and the resident CLI warms up with the same command lines.
 */
public final class ArchiveTraining {
    private ArchiveTraining() {}

    public static void main(String[] args) {
        run(args);
    }

    /** Runs the command lines and the reading of a progress, their output discarded. */
    static void run(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(discard);
        System.setErr(discard);
        int start = 0;
        for (int i = 0; args.length > 0 && i <= args.length; i++) {
            if (i == args.length || args[i].equals(";")) {
                String[] commandLine = Arrays.copyOfRange(args, start, i);
                int exitCode = RelmanCli.run(commandLine);
                out.println("relman " + String.join(" ", commandLine) + ": exit " + exitCode);
                start = i + 1;
            }
        }
        readAProgress(discard);
        System.setOut(out);
        System.setErr(err);
    }

    /**
     * What a status of a real release loads after the point where the trained status stops on a new
     * machine, where no release has run yet ("no release of demo"): a progress query, the drill lookup, the payload codec
     * and the printing. Without it, a status started with the archive took about 0.2 s longer.
     */
    private static void readAProgress(PrintStream discard) {
        TemporalOptions temporal = CommandLine.populateCommand(new TemporalOptions());
        try {
            WorkflowClient client = temporal.connect();
            String release = RelmanTemporal.releaseWorkflowId("archive-training", "none");
            try {
                client.newUntypedWorkflowStub(release).query("progress", ReleaseProgress.class);
            } catch (RuntimeException noSuchRelease) {
                // Expected: the query's classes are loaded all the same.
            }
            DrillStatus.lastFailed(client, temporal, RelmanTemporal.drillWorkflowIdOf(release));
            DataConverter converter = client.getOptions().getDataConverter();
            ReleaseProgress progress = new ReleaseProgress(
                    ReleaseStep.ROLLOUT,
                    "app",
                    1,
                    0,
                    1,
                    50,
                    List.of(new ReleaseEvent(1200, ReleaseStep.ROLLOUT, 50, "probing app-1 (1/1)")),
                    List.of());
            new ProgressView(discard)
                    .print(converter.fromPayloads(
                            0, converter.toPayloads(progress), ReleaseProgress.class, ReleaseProgress.class));
        } catch (CommandException unreachable) {
            // The archive is still made, without these classes.
        } finally {
            CliConnections.closeAll();
        }
    }
}
