package io.relman.deploy;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Releases one version of a plan's services to one environment. */
@WorkflowInterface
public interface DeployWorkflow {

  @WorkflowMethod(name = "Deploy")
  DeployResult deploy(DeployRequest request);

  /** Where the release is now: step, service, replica and percentage. */
  @QueryMethod
  DeployProgress progress();
}
