package io.relman.deploy;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Releases one version of a plan's services to one environment. The signals take the person
 * (user@host) who sent them, which the release's events name.
 */
@WorkflowInterface
public interface DeployWorkflow {

  @WorkflowMethod(name = "Deploy")
  DeployResult deploy(DeployRequest request);

  /** Where the release is now: step, service, replica, percentage and undo steps so far. */
  @QueryMethod
  DeployProgress progress();

  /** Lets a release waiting at the plan's approval gate go on. */
  @SignalMethod
  void approve(String by);

  /** Holds the rollout before its next replica, until {@link #resume}. */
  @SignalMethod
  void pause(String by);

  @SignalMethod
  void resume(String by);

  /** Stops the release where it is and undoes what it did, as after a failure. */
  @SignalMethod
  void abort(String by);
}
