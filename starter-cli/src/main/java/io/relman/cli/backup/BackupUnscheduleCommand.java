package io.relman.cli.backup;

import io.relman.backup.BackupRequest;
import io.relman.cli.common.ExitCode;
import io.relman.temporal.RelmanTemporal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "unschedule",
        header = "Remove the environment's backup and drill schedules.",
        mixinStandardHelpOptions = true,
        description = {"Remove the environment's backup and drill schedules. Runs already started go on; backups stay."
        })
final class BackupUnscheduleCommand implements Callable<Integer> {
    @Mixin
    BackupTarget target;

    @Override
    public Integer call() {
        BackupRequest request = target.request();
        Schedules schedules = new Schedules(target.connect(), target.temporal);
        for (String id : List.of(
                RelmanTemporal.backupWorkflowId(request.project(), request.environment()),
                RelmanTemporal.drillWorkflowId(request.project(), request.environment()))) {
            System.out.println(id + ": " + (schedules.delete(id) ? "removed" : "there was none"));
        }
        return ExitCode.DONE;
    }
}
