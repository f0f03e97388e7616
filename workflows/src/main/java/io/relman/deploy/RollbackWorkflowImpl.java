package io.relman.deploy;

/** See {@link ReleaseSaga}, which holds the steps, their undo and the control signals. */
public class RollbackWorkflowImpl extends ReleaseControlDelegate implements RollbackWorkflow {
    public RollbackWorkflowImpl() {
        super(new ReleaseSaga(ReleaseSaga.Kind.ROLLBACK));
    }

    @Override
    public DeployResult rollback(RollbackRequest request) {
        return saga.rollback(request);
    }
}
