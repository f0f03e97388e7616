package io.relman.cli;

import io.relman.cli.backup.BackupCommand;
import io.relman.cli.backup.RestoreCommand;
import io.relman.cli.common.CliConnections;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.TemporalErrors;
import io.relman.cli.hosts.HostsCommand;
import io.relman.cli.init.InitCommand;
import io.relman.cli.maintenance.MaintenanceCommand;
import io.relman.cli.release.AbortCommand;
import io.relman.cli.release.ApproveCommand;
import io.relman.cli.release.DeployCommand;
import io.relman.cli.release.HistoryCommand;
import io.relman.cli.release.MigrateCommand;
import io.relman.cli.release.PauseCommand;
import io.relman.cli.release.PromoteCommand;
import io.relman.cli.release.ResumeCommand;
import io.relman.cli.release.RollbackCommand;
import io.relman.cli.release.StatusCommand;
import io.relman.cli.validate.SchemaCommand;
import io.relman.cli.validate.ValidateCommand;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "relman",
        mixinStandardHelpOptions = true,
        version = "relman 0.1.0",
        description = "Release automation for Docker stacks: each release is a durable Temporal workflow.",
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  done: the release succeeded (or the plan is valid)",
            "  1  the release failed; the reason is printed, and the run is in the Web UI",
            "  2  bad input: the plan or the command line; nothing was changed",
            "  3  Temporal could not be reached, or the run is not known",
            "     (approve, pause, resume, abort: no release of that environment is running)",
            "  4  refused: another release of this environment is running, or the run there does not answer the",
            "     signal (relman pause to a restore); nothing was changed",
            "",
            "Connection: --temporal / RELMAN_TEMPORAL_ADDRESS (127.0.0.1:7233), --namespace / RELMAN_NAMESPACE,",
            "--task-queue / RELMAN_TASK_QUEUE, RELMAN_WEB_UI (http://127.0.0.1:8233) for links."
        })
public final class RelmanCli {
    /** The commands, in the order --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            InitCommand.class,
            DeployCommand.class,
            MigrateCommand.class,
            RollbackCommand.class,
            StatusCommand.class,
            ApproveCommand.class,
            PauseCommand.class,
            ResumeCommand.class,
            PromoteCommand.class,
            AbortCommand.class,
            HistoryCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            MaintenanceCommand.class,
            HostsCommand.class,
            ValidateCommand.class,
            SchemaCommand.class,
            CommandLine.HelpCommand.class);

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: used by main and by tests. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new RelmanCli());
        commandsFor(args).forEach(cli::addSubcommand);
        // The descriptions are written as lines of up to 110 characters; 80 would break each in two.
        cli.setUsageHelpWidth(120);
        cli.setExitCodeExceptionMapper(e -> ExitCode.BAD_INPUT);
        cli.setExecutionExceptionHandler((failure, command, parsed) -> {
            if (failure instanceof CommandException stop) {
                System.err.println("relman: " + stop.getMessage());
                return stop.exitCode;
            }
            var unreadable = TemporalErrors.unreadablePayload(failure);
            if (unreadable.isPresent()) {
                System.err.println("relman: " + unreadable.get());
                return ExitCode.UNREACHABLE;
            }
            var status = TemporalErrors.statusOf(failure);
            if (status.isPresent()) {
                System.err.println("relman: "
                        + TemporalErrors.sentence(
                                status.get(),
                                "running " + command.getCommandSpec().qualifiedName()));
                return ExitCode.UNREACHABLE;
            }
            throw failure;
        });
        try {
            return cli.execute(args);
        } finally {
            CliConnections.closeAll();
        }
    }

    /**
     * The commands a command line needs: the one it names, or every command for help, a mistyped name
     * (picocli suggests the nearest) and the root's options. Picocli reflects over every option of every
     * command it is given, which took a third of a status's start when it was given all of them.
     */
    static List<Class<?>> commandsFor(String... args) {
        Optional<Class<?>> named = Arrays.stream(args)
                .filter(arg -> !arg.startsWith("-"))
                .findFirst()
                .flatMap(name -> COMMANDS.stream()
                        .filter(command ->
                                command.getAnnotation(Command.class).name().equals(name))
                        .findFirst());
        return named.filter(command -> command != CommandLine.HelpCommand.class)
                .<List<Class<?>>>map(List::of)
                .orElse(COMMANDS);
    }
}
