package io.relman.release.saga;

import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import java.util.List;

/** A deploy: every step of the plan, in the plan's order (see {@link ReleaseSaga}). */
public class DeployWorkflowImpl extends ReleaseSaga implements DeployWorkflow {
    public DeployWorkflowImpl() {
        super(ReleaseKind.DEPLOY);
    }

    @Override
    public ReleaseResult deploy(ReleaseRequest request) {
        return release(request);
    }

    @Override
    public void promote(String by) {
        promoteCanary(by);
    }

    @Override
    List<ReleaseStep> order(Environment environment, ReleaseVersions versions) {
        return versions.planSteps() ? environment.releaseSteps() : ReleaseSteps.DEFAULT;
    }
}
