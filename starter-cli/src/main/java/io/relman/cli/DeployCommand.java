package io.relman.cli;

import io.relman.deploy.DeployDryRun;
import io.relman.deploy.DeployRequest;
import io.relman.deploy.DeployResult;
import io.relman.deploy.DeployWorkflow;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Release VERSION of the plan's services to an environment, as a Temporal workflow on the relman worker:",
        "check that every replica runs one known release, build each service's image, run its migration,",
        "then replace its replicas one at a time behind nginx (drain, stop with grace, keep the old",
        "container, start the new one, probe health, put it back), and record the release.",
        "",
        "When a step fails, relman undoes what it did, newest first: replicas go back to their kept old",
        "containers (drained first, so no request fails), and the migration is run down with the new",
        "image. The command exits 1 and lists every undo step with its outcome.",
        "",
        "One release per environment at a time: while one runs, another deploy to the same environment",
        "is refused (exit 4) with the running release's version, who started it and its link.",
        "",
        "Progress is printed as it happens, with the run's Web UI link. Ctrl-C stops watching only:",
        "the release goes on, and `relman status ENV --watch` picks it up again."},
    footer = {"", "Example:", "  relman deploy --env demo --version v2 --plan examples/shop/relman.yml"})
final class DeployCommand implements Callable<Integer> {
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

  @Option(names = "--env", required = true, paramLabel = "ENV", description = "Environment of the plan to release to.")
  String environment;

  @Option(names = "--version", required = true, paramLabel = "VERSION",
      description = "Version to release; becomes the image tag (letters, digits, _ . -).")
  String version;

  @Option(names = "--plan", paramLabel = "FILE", defaultValue = "relman.yml",
      description = "The plan file (default: ${DEFAULT-VALUE}).")
  Path plan;

  @Option(names = "--detach", description = "Start the release, print its link and return without watching.")
  boolean detach;

  @Option(names = "--dry-run", description = "Print the steps and the containers the release would touch, and the"
      + " undo steps; change nothing (needs no server).")
  boolean dryRun;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    Plan loaded = Plans.loadOrReport(plan);
    if (loaded == null) {
      return RelmanCli.BAD_INPUT;
    }
    if (loaded.environment(environment).isEmpty()) {
      System.err.println("relman: environment '" + environment + "' is not in " + plan + "; it has: "
          + String.join(", ", loaded.environments().stream().map(e -> e.name()).toList()) + ". Nothing was changed.");
      return RelmanCli.BAD_INPUT;
    }
    if (!VERSION.matcher(version).matches()) {
      System.err.println("relman: --version '" + version + "' cannot be an image tag; use letters, digits, _ . -"
          + " (at most 128). Nothing was changed.");
      return RelmanCli.BAD_INPUT;
    }
    if (dryRun) {
      DeployDryRun.describe(loaded, loaded.environment(environment).orElseThrow(), version).forEach(System.out::println);
      return 0;
    }
    WorkflowClient client;
    try {
      client = temporal.connect();
    } catch (TemporalOptions.UnreachableException e) {
      System.err.println("relman: " + e.getMessage());
      return RelmanCli.UNREACHABLE;
    }
    String workflowId = RelmanTemporal.releaseWorkflowId(environment);
    DeployWorkflow workflow = client.newWorkflowStub(DeployWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTaskQueue(temporal.taskQueue)
        // The environment's lock: a closed run frees the id, a running one makes the server refuse.
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setMemo(Map.of(RelmanTemporal.MEMO_REQUESTED_BY, RelmanCli.operator()))
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(RelmanTemporal.ENVIRONMENT, environment)
            .set(RelmanTemporal.SERVICE, loaded.services().stream().map(Service::name).toList())
            .set(RelmanTemporal.RELEASE_VERSION, version)
            .build())
        .setStaticSummary("Deploy " + loaded.project() + " " + version + " to " + environment)
        .setStaticDetails("Plan " + loaded.source() + ", requested by " + RelmanCli.operator())
        .build());
    WorkflowExecution execution;
    try {
      execution = WorkflowClient.start(workflow::deploy, new DeployRequest(loaded, environment, version, RelmanCli.operator()));
    } catch (WorkflowExecutionAlreadyStarted e) {
      System.err.println(ReleaseLock.refusal(client, temporal, environment, e.getExecution()));
      return RelmanCli.REFUSED;
    }
    System.out.println("Deploying " + loaded.project() + " " + version + " to " + environment + " as workflow "
        + workflowId);
    System.out.println("Web UI: " + temporal.runLink(workflowId, execution.getRunId()));
    if (detach) {
      return 0;
    }
    System.out.println("(Ctrl-C stops watching; the release goes on.)");
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, java.util.Optional.of(execution.getRunId()),
        java.util.Optional.empty());
    return new ProgressView(System.out).watch(stub, DeployResult.class, result -> {
      System.out.println("Deployed " + result.version() + " to " + result.environment() + ": "
          + result.replicas().size() + " replica(s) replaced in " + ProgressView.seconds(result.elapsedMillis()) + ".");
    });
  }

}
