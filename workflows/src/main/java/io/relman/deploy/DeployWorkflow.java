package io.relman.deploy;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Releases one version of a plan's services to one environment. */
@WorkflowInterface
public interface DeployWorkflow extends ReleaseControl {

    @WorkflowMethod(name = "Deploy")
    DeployResult deploy(DeployRequest request);
}
