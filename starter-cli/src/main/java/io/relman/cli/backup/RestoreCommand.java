package io.relman.cli.backup;

import io.relman.backup.RestoreOrder;
import io.relman.backup.RestoreReport;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.cli.common.ProgressView;
import io.relman.cli.common.ReleaseLock;
import io.relman.plan.Plan;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "restore",
        header = "Put a backup back as the environment's database.",
        mixinStandardHelpOptions = true,
        description = {
            "Put a backup back as the environment's database (workflow Restore, under the environment's",
            "release lock release-PROJECT-ENV). It checks the backup's sha256 and the free disk, holds the",
            "services' traffic at nginx (on the environment's maintenance page, else 502), restores into a",
            "scratch database, verifies it against the backup's fingerprint and only then swaps it in by",
            "rename; then the traffic goes back. A failure puts the replaced database and the traffic back.",
            "The replaced database stays aside, closed, for backup.keep_days: that is the undo, and it is",
            "backed up first only when the plan sets database.restore.backup_replaced: true.",
            "Writes made after the backup are gone: say --yes to confirm."
        },
        footer = {"", "Example:", "  relman backup list --env demo", "  relman restore --env demo --backup ID --yes"})
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    BackupTarget target;

    @Option(
            names = "--backup",
            required = true,
            paramLabel = "ID",
            description = "The backup, as relman backup list" + " shows it.")
    String backupId;

    @Option(names = "--yes", description = "Replace the database without asking.")
    boolean yes;

    @Override
    public Integer call() {
        target.request(); // the environment and its database must be in the plan
        Plan plan = target.plan();
        if (!yes && !confirmed()) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "a restore replaces " + target.environment + "'s database with " + backupId + ": writes made"
                            + " since are gone. Run it again with --yes. Nothing was changed.");
        }
        WorkflowClient client = target.connect();
        String workflowId = RelmanTemporal.releaseWorkflowId(plan.project(), target.environment);
        WorkflowStub run = target.newRun(
                client,
                "Restore",
                workflowId,
                "Restore " + backupId + " into " + plan.project() + " " + target.environment + ", asked by "
                        + Operator.name());
        WorkflowExecution execution;
        try {
            execution = run.start(new RestoreOrder(plan, target.environment, backupId, Operator.name()));
        } catch (WorkflowExecutionAlreadyStarted e) {
            System.err.println(ReleaseLock.refusal(client, target.temporal, target.environment, e.getExecution()));
            return ExitCode.REFUSED;
        }
        System.out.println(
                "Restore of " + backupId + " into " + target.environment + " started as workflow " + workflowId);
        System.out.println("Web UI: " + target.temporal.runLink(workflowId, execution.getRunId()));
        WorkflowStub started =
                client.newUntypedWorkflowStub(workflowId, Optional.of(execution.getRunId()), Optional.empty());
        return new ProgressView(System.out)
                .watch(
                        started,
                        RestoreReport.class,
                        "relman status " + workflowId + " --watch",
                        report -> System.out.println("Restored " + report.backupId()
                                + " in " + ProgressView.seconds(report.elapsedMillis())
                                + "; the database it replaced is kept as " + report.asideDatabase()
                                + (report.safetyBackupId() == null
                                        ? ""
                                        : " and was backed up as " + report.safetyBackupId())
                                + "."));
    }

    /** Asks on the terminal; without one (a script), there is no confirmation but --yes. */
    private boolean confirmed() {
        if (System.console() == null) {
            return false;
        }
        String answer = System.console()
                .readLine(
                        "Replace the database of %s with %s? Writes made since are lost. Type the environment's name: ",
                        target.environment, backupId);
        return target.environment.equals(answer == null ? "" : answer.strip());
    }
}
