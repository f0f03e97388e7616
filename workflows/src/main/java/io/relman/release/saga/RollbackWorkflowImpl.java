package io.relman.release.saga;

import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;

/** See {@link ReleaseSaga}, which holds the steps, their undo and the control signals. */
public class RollbackWorkflowImpl extends ReleaseControlDelegate implements RollbackWorkflow {
    public RollbackWorkflowImpl() {
        super(new ReleaseSaga(ReleaseKind.ROLLBACK));
    }

    @Override
    public ReleaseResult rollback(RollbackRequest request) {
        return saga.rollback(request);
    }
}
