package io.relman.cli.release;

import io.relman.cli.common.ProgressView;
import io.relman.database.BackupFile;
import io.relman.plan.Plan;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import io.relman.release.saga.ReleaseDryRun;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rollback",
        header = "Put an environment back on its previous release.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Put an environment back on its previous recorded release (or the one --to names), as a Temporal",
            "workflow (type Rollback): check the replicas run the release relman recorded last, back up the",
            "database, check the earlier release's image is still there (nothing is built), take the schema",
            "back (the newer release's migration.down, run with the newer image, or with --restore-db the",
            "backup the newer release took before it migrated), then replace the replicas one at a time",
            "behind nginx, and record it. A saga like deploy: a failure puts the newer release back.",
            "",
            "The previous release comes from relman's own records (relman history), not from Temporal. The",
            "first release on a stack relman did not make records what ran before it (its baseline), so a",
            "rollback can go back there too."
        },
        footer = {
            "",
            "Examples:",
            "  relman rollback --env demo --plan examples/shop/relman.yml --dry-run",
            "  relman rollback --env demo --to v1 --restore-db"
        })
public final class RollbackCommand extends ReleaseCommand {
    private static final int HISTORY_DEPTH = 100;

    @Option(
            names = "--to",
            paramLabel = "VERSION",
            order = 1,
            description = "The release to go back to (default: the last one recorded as succeeded before the current;"
                    + " after relman's first release, what ran before it, as relman history shows it).")
    String to;

    @Option(
            names = "--restore-db",
            order = 2,
            description = "Restore the database from the backup the current release"
                    + " took before it migrated, instead of running its migration down. Writes since then are lost.")
    boolean restoreDatabase;

    private String from;
    private BackupFile restoreFrom;
    /** Service to the image id the target release went out with, as recorded. */
    private Map<String, String> targetImages;
    /** Whether the target is what ran before relman's first release. */
    private boolean toBaseline;

    @Override
    String workflowType() {
        return "Rollback";
    }

    /** Reads relman's records: what runs now, what to go back to, and (with --restore-db) which backup. */
    @Override
    void prepare(WorkflowClient client, Plan loaded) {
        RollbackTarget chosen = RollbackTarget.choose(
                HistoryCommand.read(client, temporal, loaded.project(), environment, HISTORY_DEPTH),
                environment,
                to,
                restoreDatabase);
        from = chosen.from();
        version = chosen.target().version();
        targetImages = chosen.target().images();
        restoreFrom = chosen.restoreFrom();
        toBaseline = chosen.toBaseline();
    }

    @Override
    List<String> dryRun(Plan loaded) {
        return ReleaseDryRun.rollback(
                loaded, loaded.environment(environment).orElseThrow(), from, version, restoreFrom, toBaseline);
    }

    @Override
    WorkflowExecution start(WorkflowClient client, WorkflowOptions options, ReleaseRequest request) {
        return WorkflowClient.start(
                client.newWorkflowStub(RollbackWorkflow.class, options)::rollback,
                new RollbackRequest(request, from, restoreFrom, targetImages));
    }

    @Override
    String done(ReleaseResult result) {
        return "Rolled " + result.environment() + " back from " + from + " to " + result.version() + ": "
                + result.replicas().size() + " replica(s) replaced in " + ProgressView.seconds(result.elapsedMillis())
                + ".";
    }
}
