package io.relman.release.saga;

import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;

/** See {@link ReleaseSaga}, which holds the steps, their undo and the control signals. */
public class DeployWorkflowImpl extends ReleaseControlDelegate implements DeployWorkflow {
    public DeployWorkflowImpl() {
        super(new ReleaseSaga(ReleaseKind.DEPLOY));
    }

    @Override
    public ReleaseResult deploy(ReleaseRequest request) {
        return saga.run(request);
    }
}
