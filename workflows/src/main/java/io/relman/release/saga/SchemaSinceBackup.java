package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.database.FingerprintActivities;
import io.relman.database.FingerprintRequest;
import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;

/**
 * The live database's schema against the fingerprint of the backup taken before the migration: an undo
 * restores that backup only when the schema differs (a migration that failed having changed nothing
 * leaves nothing to restore, and a restore would lose the rows written since).
 */
final class SchemaSinceBackup {
    /** Version marker: an undo fingerprints the database before it restores a backup. */
    static final String RESTORE_ONLY_WHEN_CHANGED = "release-restore-only-when-changed";

    private static final ActivityOptions UNDO_QUICK = RelmanActivityOptions.compensating(RelmanActivityOptions.quick());

    private SchemaSinceBackup() {}

    /**
     * Why {@code backup} need not be restored, in words, or null when it must be (the schema differs, it
     * cannot be measured, or the run is from before this check).
     */
    static String nothingToRestore(Release release, BackupFile backup) {
        if (!release.versions.migrationPerRun()
                || Workflow.getVersion(RESTORE_ONLY_WHEN_CHANGED, Workflow.DEFAULT_VERSION, 1) != 1
                || backup.fingerprint() == null) {
            return null;
        }
        DatabaseFingerprint now;
        try {
            now = fingerprint(
                    release, "compare " + release.environment.database().name() + " with " + backup.id());
        } catch (TemporalFailure failure) {
            release.progress.report(
                    ReleaseStep.COMPENSATE,
                    null,
                    "could not compare " + release.environment.database().name() + " with backup " + backup.id() + " ("
                            + Compensations.shortMessage(failure) + "): restoring it");
            return null;
        }
        if (!now.schemaSha256().equals(backup.fingerprint().schemaSha256())) {
            return null;
        }
        return "the database is as the backup left it: nothing to restore (its schema is the one backup " + backup.id()
                + " holds; the rows written since are kept: " + now.rowCountsText() + ")";
    }

    private static DatabaseFingerprint fingerprint(Release release, String summary) {
        return stub(FingerprintActivities.class, UNDO_QUICK, summary)
                .current(new FingerprintRequest(release.environment.databaseHost(), release.environment.database()));
    }
}
