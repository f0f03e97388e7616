package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.database.FingerprintActivities;
import io.relman.database.FingerprintRequest;
import io.relman.plan.Host;
import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;

/**
 * The live database's schema against the fingerprint of the backup taken before the migration: an undo
 * restores that backup only when the schema differs (a migration that failed having changed nothing
 * leaves nothing to restore, and a restore would lose the rows written since), and after the undo the
 * schema is compared with it to say whether the database is as before.
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

    /**
     * After an undo of a run whose migrate step ran: how the schema differs from the one {@code backup},
     * taken before that step, holds; empty when it is the same.
     */
    static List<String> sinceBackup(Release release, BackupFile backup) {
        String database = release.environment.database().name();
        Host host = release.environment.databaseHost();
        if (release.lostHosts.contains(host.name())) {
            return List.of("the database " + database + " on " + host.name()
                    + " was not compared: the host was lost during the release");
        }
        DatabaseFingerprint now;
        try {
            now = fingerprint(release, "compare " + database + " with before the release");
        } catch (TemporalFailure failure) {
            return List.of("the database " + database + " was not compared: " + Compensations.shortMessage(failure));
        }
        return now.schemaSha256().equals(backup.fingerprint().schemaSha256())
                ? List.of()
                : List.of("the schema of the database " + database + " is not the one it had before the"
                        + " release (backup " + backup.id() + ", taken before the migration, holds that one)");
    }

    private static DatabaseFingerprint fingerprint(Release release, String summary) {
        return stub(FingerprintActivities.class, UNDO_QUICK, summary)
                .current(new FingerprintRequest(release.environment.databaseHost(), release.environment.database()));
    }
}
