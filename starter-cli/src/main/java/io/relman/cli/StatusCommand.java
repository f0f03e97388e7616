package io.relman.cli;

import io.relman.deploy.DeployResult;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a release's progress and outcome; with --watch, follow it until it ends.",
    footer = {"", "Example:", "  relman status deploy-demo-v2 --watch"})
final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "WORKFLOW_ID", description = "The release's workflow id, e.g. deploy-demo-v2.")
  String workflowId;

  @Option(names = "--watch", description = "Follow the release until it ends.")
  boolean watch;

  @Mixin TemporalOptions temporal;

  @Override
  public Integer call() {
    WorkflowClient client;
    WorkflowExecutionDescription description;
    try {
      client = temporal.connect();
      description = client.newUntypedWorkflowStub(workflowId).describe();
    } catch (TemporalOptions.UnreachableException e) {
      System.err.println("relman: " + e.getMessage());
      return RelmanCli.UNREACHABLE;
    } catch (WorkflowNotFoundException e) {
      System.err.println("relman: no release with workflow id " + workflowId + " in namespace " + temporal.namespace
          + "; ids look like deploy-ENV-VERSION");
      return RelmanCli.UNREACHABLE;
    }
    String runId = description.getExecution().getRunId();
    WorkflowExecutionStatus status = description.getStatus();
    System.out.println(workflowId + ": " + status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase());
    System.out.println("Web UI: " + temporal.runLink(workflowId, runId));
    WorkflowStub stub = client.newUntypedWorkflowStub(workflowId, java.util.Optional.of(runId), java.util.Optional.empty());
    ProgressView view = new ProgressView(System.out);
    if (watch) {
      return view.watch(stub, DeployResult.class, result -> System.out.println("Done: " + result.version()
          + " is live in " + result.environment() + "."));
    }
    view.show(stub);
    return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED ? RelmanCli.FAILED : 0;
  }
}
