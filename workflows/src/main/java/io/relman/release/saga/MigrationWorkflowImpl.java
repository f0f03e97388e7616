package io.relman.release.saga;

import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A migration alone: the plan's steps up to the migration (no rollout, no validation), then every replica
 * that ran before is probed on the new schema (see {@link ReleaseSaga}).
 */
public class MigrationWorkflowImpl extends ReleaseSaga implements MigrationWorkflow {
    public MigrationWorkflowImpl() {
        super(ReleaseKind.MIGRATION);
    }

    @Override
    public ReleaseResult migrate(ReleaseRequest request) {
        return release(request);
    }

    @Override
    List<ReleaseStep> order(Environment environment, ReleaseVersions versions) {
        return order(versions.planSteps() ? environment.releaseSteps() : ReleaseSteps.DEFAULT);
    }

    /** A migration's order from the steps a plan orders; its dry run takes it too. */
    static List<ReleaseStep> order(List<ReleaseStep> planned) {
        List<ReleaseStep> order = new ArrayList<>(ReleaseSteps.forMigration(planned));
        order.add(ReleaseStep.VERIFY);
        return List.copyOf(order);
    }

    @Override
    String done(Release release) {
        return "the database of " + release.environment.name() + " is migrated for " + release.version()
                + ", and the replicas running there stayed healthy";
    }
}
