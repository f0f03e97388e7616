package io.relman.release.saga;

import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import java.util.List;

/**
 * A rollback: from the release that runs to an earlier one, with the schema step and the rollout the
 * other way round from the plan's; the images are found, not built (see {@link ReleaseSaga}).
 */
public class RollbackWorkflowImpl extends ReleaseSaga implements RollbackWorkflow {
    public RollbackWorkflowImpl() {
        super(ReleaseKind.ROLLBACK);
    }

    @Override
    public ReleaseResult rollback(RollbackRequest request) {
        back = request;
        return release(request.release());
    }

    @Override
    List<ReleaseStep> order(Environment environment, ReleaseVersions versions) {
        return versions.planSteps() ? ReleaseSteps.forRollback(environment.releaseSteps()) : ReleaseSteps.DEFAULT;
    }
}
