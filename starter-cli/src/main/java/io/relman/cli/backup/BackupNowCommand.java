package io.relman.cli.backup;

import io.relman.backup.BackupReport;
import io.relman.backup.BackupRequest;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.ProgressView;
import io.relman.database.DeletedBackup;
import io.relman.temporal.RelmanTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "now",
        header = "Take a backup of the environment's database now.",
        mixinStandardHelpOptions = true,
        description = {
            "Take a backup of the environment's database now (workflow backup-PROJECT-ENV), then apply the",
            "plan's retention. While another backup of it runs (scheduled or not), wait for that one and",
            "report it instead, or with --no-wait exit 4."
        })
final class BackupNowCommand implements Callable<Integer> {
    @Mixin
    BackupTarget target;

    @Option(names = "--no-wait", description = "Exit 4 if a backup of the environment is already running.")
    boolean noWait;

    @Override
    public Integer call() {
        BackupRequest request = target.request();
        WorkflowClient client = target.connect();
        Schedules schedules = new Schedules(client, target.temporal);
        String workflowId = RelmanTemporal.backupWorkflowId(request.project(), request.environment());
        Optional<WorkflowStub> running = schedules.running(workflowId);
        if (running.isEmpty()) {
            try {
                WorkflowStub started = target.newRun(
                        client,
                        "Backup",
                        workflowId,
                        "Back up " + request.database().name() + " of " + request.project() + " "
                                + request.environment() + ", asked by " + request.requestedBy());
                started.start(request);
                System.out.println("Backing up " + request.database().name() + " (" + workflowId + ")");
                System.out.println("Web UI: "
                        + target.temporal.runLink(
                                workflowId, started.getExecution().getRunId()));
                return report(started);
            } catch (WorkflowExecutionAlreadyStarted raced) {
                running = schedules.running(workflowId);
            }
        }
        WorkflowStub other = running.orElseThrow();
        String otherId = other.getExecution().getWorkflowId();
        if (noWait) {
            throw new CommandException(
                    ExitCode.REFUSED,
                    "a backup of " + request.environment() + " is running (" + otherId + ", "
                            + target.temporal.runLink(
                                    otherId, other.getExecution().getRunId())
                            + "); not starting another. Wait for it, or run this without --no-wait.");
        }
        System.out.println("A backup of " + request.environment() + " is running (" + otherId + "): waiting for it.");
        return report(other);
    }

    private static int report(WorkflowStub run) {
        try {
            BackupReport report = run.getResult(BackupReport.class);
            System.out.println("Backed up " + report.backup().database() + " as "
                    + report.backup().id() + ": "
                    + BackupListCommand.size(report.backup().sizeBytes()) + ", sha256 "
                    + report.backup().sha256()
                    + ", in " + ProgressView.seconds(report.backup().elapsedMillis()) + "; rows: "
                    + report.backup().fingerprint().rowCountsText());
            if (report.copy() != null) {
                System.out.println("Copied to " + report.copy().location() + ": "
                        + report.copy().files() + " file(s), "
                        + BackupListCommand.size(report.copy().bytes()) + ", each read back there and its sha256"
                        + " checked, in " + ProgressView.seconds(report.copy().elapsedMillis())
                        + (report.copy().removed().isEmpty()
                                ? ""
                                : "; removed there: "
                                        + String.join(", ", report.copy().removed())));
            }
            for (DeletedBackup deleted : report.deleted()) {
                System.out.println("Retention deleted " + deleted.id() + " ("
                        + BackupListCommand.size(deleted.sizeBytes()) + "): " + deleted.reason());
            }
            for (String dropped : report.droppedDatabases()) {
                System.out.println("Retention dropped the database " + dropped);
            }
            System.out.println(report.kept() + " backup(s) kept"
                    + (report.keptOnPurpose().size() > 1
                            ? "; whatever their age: " + String.join(", ", report.keptOnPurpose())
                            : ""));
            return ExitCode.DONE;
        } catch (WorkflowFailedException failed) {
            System.err.println("relman: " + ProgressView.failureMessage(failed));
            return ExitCode.FAILED;
        }
    }
}
