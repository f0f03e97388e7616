package io.relman.cli.release;

import io.relman.cli.common.ProgressView;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import picocli.CommandLine.Command;

@Command(
        name = "deploy",
        header = "Release a new version of the plan's services to an environment.",
        sortOptions = false,
        description = {
            "Release VERSION of the plan's services to an environment, as a Temporal workflow on the relman worker,",
            "in the order of the environment's steps (default: preflight, backup, build, migrate, rollout, validate):",
            "check that every replica runs one known, healthy release, back the database up, build each service's",
            "image, run its migration, replace its replicas one at a time behind nginx (stop-first: drain, stop",
            "with grace, keep the old container, start the new one, probe health, put it back; start-first: the",
            "new one serves before the old one leaves), request the plan's critical endpoints, and record it.",
            "",
            "When a step fails, relman undoes what it did, newest first: replicas go back to their kept old",
            "containers (drained first, so no request fails), and the migration is run down with the new",
            "image, or the backup restored. The command exits 1 and lists every undo step with its outcome.",
            "",
            "One release per environment at a time: while one runs, another deploy to the same environment",
            "is refused (exit 4) with the running release's version, who started it and its link.",
            "",
            "Progress is printed as it happens, with the run's Web UI link. Ctrl-C stops watching only:",
            "the release goes on, and `relman status ENV --watch` picks it up again."
        },
        footer = {"", "Example:", "  relman deploy --env demo --version v2 --plan examples/shop/relman.yml"})
public final class DeployCommand extends NewVersionCommand {
    @Override
    String workflowType() {
        return "Deploy";
    }

    @Override
    boolean migrationOnly() {
        return false;
    }

    @Override
    WorkflowExecution start(WorkflowClient client, WorkflowOptions options, ReleaseRequest request) {
        return WorkflowClient.start(client.newWorkflowStub(DeployWorkflow.class, options)::deploy, request);
    }

    @Override
    String done(ReleaseResult result) {
        return "Deployed " + result.version() + " to " + result.environment() + ": "
                + result.replicas().size() + " replica(s) replaced in " + ProgressView.seconds(result.elapsedMillis())
                + ".";
    }
}
