package io.relman.release.saga;

import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;

/** See {@link ReleaseSaga}, which holds the steps, their undo and the control signals. */
public class MigrationWorkflowImpl extends ReleaseControlDelegate implements MigrationWorkflow {
    public MigrationWorkflowImpl() {
        super(new ReleaseSaga(ReleaseKind.MIGRATION));
    }

    @Override
    public ReleaseResult migrate(ReleaseRequest request) {
        return saga.run(request);
    }
}
