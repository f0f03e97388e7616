package io.relman.deploy;

/** See {@link ReleaseSaga}, which holds the steps, their undo and the control signals. */
public class MigrationWorkflowImpl extends ReleaseControlDelegate implements MigrationWorkflow {
    public MigrationWorkflowImpl() {
        super(new ReleaseSaga(ReleaseSaga.Kind.MIGRATION));
    }

    @Override
    public DeployResult migrate(DeployRequest request) {
        return saga.run(request);
    }
}
