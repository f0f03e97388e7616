package io.relman.cli.backup;

import io.relman.backup.BackupRequest;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.plan.BackupPolicy;
import io.relman.temporal.RelmanTemporal;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "schedule",
        header = "Put backups and drills on Temporal Schedules, from the plan.",
        mixinStandardHelpOptions = true,
        description = {
            "Create or update the Temporal Schedules of the environment from the plan's database.backup:",
            "backup-PROJECT-ENV (schedule) and drill-PROJECT-ENV (drill). Overlapping runs are skipped; a",
            "run missed while the server was down starts if it is back within an hour. A schedule the plan",
            "no longer has is removed. Run it again after changing the plan: the schedule holds the plan's",
            "database settings as they were when it ran."
        },
        footer = {"", "Example:", "  relman backup schedule --env demo"})
final class BackupScheduleCommand implements Callable<Integer> {
    @Mixin
    BackupTarget target;

    @Override
    public Integer call() {
        BackupRequest request = target.request().withRequestedBy("schedule");
        BackupPolicy policy = request.database().backup();
        if (policy.schedule() == null && policy.drill() == null) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "the database of '" + target.environment + "' in " + target.plan + " has no backup schedule:"
                            + " add database: backup: {schedule: \"0 3 * * *\", drill: \"0 4 * * 0\"}. Nothing was"
                            + " changed.");
        }
        Schedules schedules = new Schedules(target.connect(), target.temporal);
        String note = "from " + target.plan.file.toAbsolutePath().normalize() + ", by " + Operator.name() + " at "
                + Instant.now();
        put(
                schedules,
                RelmanTemporal.backupWorkflowId(request.project(), request.environment()),
                "Backup",
                request,
                policy.schedule(),
                note);
        put(
                schedules,
                RelmanTemporal.drillWorkflowId(request.project(), request.environment()),
                "Drill",
                request,
                policy.drill(),
                note);
        return ExitCode.DONE;
    }

    private void put(
            Schedules schedules, String id, String workflowType, BackupRequest request, String cron, String note) {
        if (cron == null) {
            if (schedules.delete(id)) {
                System.out.println(id + ": removed (the plan has no " + workflowType.toLowerCase() + " schedule)");
            }
            return;
        }
        String done = schedules.put(id, workflowType, request, cron, note);
        String next = schedules
                .describe(id)
                .map(d -> d.getInfo().getNextActionTimes())
                .filter(times -> !times.isEmpty())
                .map(times -> times.get(0).toString())
                .orElse("none");
        System.out.println(id + ": " + done + ", cron \"" + cron + "\" (UTC), next run " + next);
        System.out.println(
                "  Web UI: " + target.temporal.webUi + "/namespaces/" + target.temporal.namespace + "/schedules/" + id);
    }
}
