package io.relman.release;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Releases one version of a plan's services to one environment. */
@WorkflowInterface
public interface DeployWorkflow extends ReleaseControl {

    @WorkflowMethod(name = "Deploy")
    ReleaseResult deploy(ReleaseRequest request);
}
