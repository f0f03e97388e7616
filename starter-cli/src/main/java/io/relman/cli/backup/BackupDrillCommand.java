package io.relman.cli.backup;

import io.relman.backup.BackupRequest;
import io.relman.backup.DrillRecord;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.ProgressView;
import io.relman.temporal.RelmanTemporal;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "drill",
        header = "Restore the newest backup into a scratch database and check it.",
        mixinStandardHelpOptions = true,
        description = {
            "Run a restore drill now (workflow drill-PROJECT-ENV): restore the newest whole backup into a",
            "scratch database beside the live one, compare its schema and row counts with the dump's, run",
            "the plan's drill_check, drop it, and record the outcome. Exit 1 when the drill fails."
        })
final class BackupDrillCommand implements Callable<Integer> {
    @Mixin
    BackupTarget target;

    @Override
    public Integer call() {
        BackupRequest request = target.request();
        WorkflowClient client = target.connect();
        String workflowId = RelmanTemporal.drillWorkflowId(request.project(), request.environment());
        WorkflowStub drill = target.newRun(
                client,
                "Drill",
                workflowId,
                "Restore drill of " + request.database().name() + " (" + request.project() + " " + request.environment()
                        + "), asked by " + request.requestedBy());
        try {
            drill.start(request);
        } catch (WorkflowExecutionAlreadyStarted running) {
            throw new CommandException(
                    ExitCode.REFUSED,
                    "a restore drill of " + request.environment() + " is running (" + workflowId + ")");
        }
        System.out.println("Restore drill of " + request.database().name() + " (" + workflowId + ")");
        System.out.println("Web UI: "
                + target.temporal.runLink(workflowId, drill.getExecution().getRunId()));
        try {
            DrillRecord passed = drill.getResult(DrillRecord.class);
            System.out.println("Passed: backup " + passed.backupId() + " " + passed.message());
            return ExitCode.DONE;
        } catch (WorkflowFailedException failed) {
            System.err.println("relman: " + ProgressView.failureMessage(failed));
            return ExitCode.FAILED;
        }
    }
}
