package io.relman.cli.release;

import io.relman.cli.common.ProgressView;
import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import picocli.CommandLine.Command;

@Command(
        name = "migrate",
        header = "Run only the database migration of a version, ahead of its rollout.",
        sortOptions = false,
        description = {
            "Run only the database migration of VERSION on an environment, ahead of its rollout, as a Temporal",
            "workflow (type Migration): check the replicas, back up the database, build VERSION's image, run its",
            "migration.up in a one-off container of it, then probe every running replica: the release that runs",
            "must stay healthy on the new schema. Recorded in relman's history as a migration.",
            "",
            "When a step fails (or on relman abort ENV), the migration is run down with the new image, or, when",
            "it cannot be, the backup is restored and verified. Exit 1 lists every undo step. It holds the",
            "environment's lock like a deploy: one release run per environment at a time."
        },
        footer = {"", "Example:", "  relman migrate --env demo --version v2 --plan examples/shop/relman.yml"})
public final class MigrateCommand extends NewVersionCommand {
    @Override
    String workflowType() {
        return "Migration";
    }

    @Override
    boolean migrationOnly() {
        return true;
    }

    @Override
    WorkflowExecution start(WorkflowClient client, WorkflowOptions options, ReleaseRequest request) {
        return WorkflowClient.start(client.newWorkflowStub(MigrationWorkflow.class, options)::migrate, request);
    }

    @Override
    String done(ReleaseResult result) {
        return "Migrated the database of " + result.environment() + " for " + result.version() + " in "
                + ProgressView.seconds(result.elapsedMillis()) + "; the running replicas stayed healthy.";
    }
}
