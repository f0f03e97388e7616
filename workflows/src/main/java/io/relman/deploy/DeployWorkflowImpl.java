package io.relman.deploy;

/** See {@link ReleaseSaga}, which holds the steps, their undo and the control signals. */
public class DeployWorkflowImpl extends ReleaseControlDelegate implements DeployWorkflow {
    public DeployWorkflowImpl() {
        super(new ReleaseSaga(ReleaseSaga.Kind.DEPLOY));
    }

    @Override
    public DeployResult deploy(DeployRequest request) {
        return saga.run(request);
    }
}
