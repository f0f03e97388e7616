package io.relman.release;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Releases one version of a plan's services to one environment. */
@WorkflowInterface
public interface DeployWorkflow extends ReleaseControl {

    @WorkflowMethod(name = "Deploy")
    ReleaseResult deploy(ReleaseRequest request);

    /** Ends the pause a canary is in (or else its next one): {@code relman promote}. */
    @SignalMethod
    void promote(String by);
}
