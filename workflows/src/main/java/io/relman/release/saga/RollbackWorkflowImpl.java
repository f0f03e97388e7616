package io.relman.release.saga;

import io.relman.database.BackupFile;
import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.plan.ReleaseSteps;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import java.util.List;
import java.util.Map;

/**
 * A rollback: from the release that runs to an earlier one, with the schema step and the rollout the
 * other way round from the plan's; the images are found, not built (see {@link ReleaseSaga}).
 */
public class RollbackWorkflowImpl extends ReleaseSaga implements RollbackWorkflow {
    /** The release the rollback leaves, and the backup to restore instead of migrating down (or null). */
    private String from;

    private BackupFile restoreFrom;

    /** Service name to the image id relman recorded for the release to go back to, or null. */
    private Map<String, String> recordedImages;

    public RollbackWorkflowImpl() {
        super(ReleaseKind.ROLLBACK);
    }

    @Override
    public ReleaseResult rollback(RollbackRequest request) {
        from = request.fromVersion();
        restoreFrom = request.restoreDatabaseFrom();
        recordedImages = request.images();
        return release(request.release());
    }

    @Override
    List<ReleaseStep> order(Environment environment, ReleaseVersions versions) {
        return versions.planSteps() ? ReleaseSteps.forRollback(environment.releaseSteps()) : ReleaseSteps.DEFAULT;
    }

    @Override
    void run(ReleaseStep step, Release release) {
        switch (step) {
            case PREFLIGHT -> {
                preflight.checkStack();
                preflight.requireRunning(from);
                restoreAccess.requireIf(restoreFrom != null || release.plan.migrates());
                new OwnUpstreams(release).require();
            }
            case BACKUP -> backups.beforeRelease(restoreFrom != null || release.plan.migrates());
            case BUILD -> images.findExisting(recordedImages);
            case MIGRATE -> schema.migrateBack(from, restoreFrom);
            case ROLLOUT -> rollout.replaceAll();
            case VALIDATE -> validation.requestEndpoints();
            default -> throw new IllegalArgumentException(step + " is not a step a plan orders");
        }
    }

    @Override
    String done(Release release) {
        return release.version() + " is live on every replica of " + release.environment.name();
    }
}
