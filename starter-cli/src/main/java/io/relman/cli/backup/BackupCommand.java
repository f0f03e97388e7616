package io.relman.cli.backup;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(
        name = "backup",
        header = "Take, list, verify and drill database backups, and schedule them.",
        mixinStandardHelpOptions = true,
        description = {
            "Back up an environment's database outside any release, list and verify its backups, and put",
            "backups and restore drills on Temporal Schedules (the plan's database.backup). Backups sit in",
            "the plan's backup_dir on the worker's host; the commands reach them through the worker."
        },
        subcommands = {
            BackupNowCommand.class,
            BackupListCommand.class,
            BackupVerifyCommand.class,
            BackupDrillCommand.class,
            BackupScheduleCommand.class,
            BackupUnscheduleCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Examples:",
            "  relman backup now --env demo",
            "  relman backup list --env demo --json",
            "  relman backup schedule --env demo      # from database.backup: schedule, keep_last, keep_days, drill"
        })
public final class BackupCommand {}
