package io.relman.cli.backup;

import io.relman.backup.BackupRequest;
import io.relman.cli.common.CommandException;
import io.relman.cli.common.ExitCode;
import io.relman.cli.common.Operator;
import io.relman.cli.common.PlanOption;
import io.relman.cli.common.TemporalOptions;
import io.relman.plan.Environment;
import io.relman.plan.Plan;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The environment whose database a backup command works on: --env, the plan and the Temporal connection. */
final class BackupTarget {
    @Option(
            names = "--env",
            required = true,
            paramLabel = "ENV",
            description = "Environment of the plan whose database it is.")
    String environment;

    @Mixin
    PlanOption plan;

    @Mixin
    TemporalOptions temporal;

    private Plan loaded;

    /** The plan's environment; one that is not there, or has no database, stops the command (exit 2). */
    BackupRequest request() {
        loaded = plan.load();
        Environment env = loaded.environment(environment)
                .orElseThrow(() -> new CommandException(
                        ExitCode.BAD_INPUT, plan.unknownEnvironment(loaded, environment) + " Nothing was changed."));
        if (env.database() == null) {
            throw new CommandException(
                    ExitCode.BAD_INPUT,
                    "environment '" + environment + "' of " + plan + " has no database: add database: (container,"
                            + " name, user, password_env, backup_dir) to back it up. Nothing was changed.");
        }
        return new BackupRequest(
                loaded.project(),
                environment,
                env.databaseHost(),
                env.database(),
                Operator.name(),
                env.backupCopyHost(),
                env.webhooks());
    }

    Plan plan() {
        return loaded;
    }

    /** A run of {@code workflowType} under the environment's lock {@code workflowId}, not started. */
    WorkflowStub newRun(WorkflowClient client, String workflowType, String workflowId, String summary) {
        return temporal.newLockedRun(client, workflowType, workflowId, environment, summary);
    }

    WorkflowClient connect() {
        return temporal.connect();
    }
}
