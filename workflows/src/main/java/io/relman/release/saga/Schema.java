package io.relman.release.saga;

import io.relman.database.BackupFile;
import io.relman.database.MigrationOutcome;
import io.relman.database.RestoredBackup;
import io.relman.docker.ContainerNames;
import io.relman.plan.Migration;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.function.Supplier;

/**
 * The migrate step: each service's migration, run in a one-off container of the release's image, and
 * its undo (the migration run down with that image, else the backup restored). A rollback runs it the
 * other way: down with the newer release's image, or the newer release's backup restored.
 */
final class Schema {
    private static final ActivityOptions UNDO_RESTORE =
            RelmanActivityOptions.compensating(RelmanActivityOptions.backup());
    private static final ActivityOptions UNDO_MIGRATION =
            RelmanActivityOptions.compensating(RelmanActivityOptions.migration());

    private final Release release;
    private final Backups backups;
    private final OneOffContainers oneOffs;
    /** Runs before an undo step changes the schema: the maintenance page goes up again if it covers it. */
    private final Runnable beforeUndoChanges;

    Schema(Release release, Backups backups, OneOffContainers oneOffs, Runnable beforeUndoChanges) {
        this.release = release;
        this.backups = backups;
        this.oneOffs = oneOffs;
        this.beforeUndoChanges = beforeUndoChanges;
    }

    /** Migrates every service that has a migration up to the release, registering its undo first. */
    void migrateUp() {
        for (Service service : release.plan.services()) {
            if (service.migration() != null) {
                migrateUp(service, release.version(), release.previousVersions.get(service.name()));
            }
        }
    }

    /**
     * A rollback's schema step: back from {@code from} to what the release needs, by the newer release's
     * down command (run with its image) or by restoring {@code restoreFrom}, the backup the newer release
     * took before it migrated (when not null).
     */
    void migrateBack(String from, BackupFile restoreFrom) {
        String target = release.version();
        if (restoreFrom != null) {
            String aside = backups.asideName();
            if (release.versions.restoreUndoneBySwap()) {
                release.compensations.addIfOthersSucceed(
                        ReleaseStep.MIGRATE, "put the database back as it was before the rollback", () -> {
                            beforeUndoChanges.run();
                            return backups.putBack(aside, UNDO_RESTORE);
                        });
            } else {
                release.compensations.addIfOthersSucceed(
                        ReleaseStep.MIGRATE, "put the database back as it was before the rollback", () -> {
                            beforeUndoChanges.run();
                            RestoredBackup restored = backups.restore(release.backup, UNDO_RESTORE);
                            return "restored " + release.backup.id() + " in " + restored.elapsedMillis()
                                    + " ms, verified";
                        });
            }
            release.progress.report(
                    ReleaseStep.MIGRATE,
                    null,
                    "restoring " + restoreFrom.id() + " (taken before " + from + " migrated) into "
                            + release.environment.database().name());
            RestoredBackup restored = backups.restore(restoreFrom, aside, RelmanActivityOptions.backup());
            release.progress.report(
                    ReleaseStep.MIGRATE,
                    null,
                    "restored " + restoreFrom.id() + " in "
                            + restored.elapsedMillis() + " ms; verified: schema and row counts ("
                            + restored.fingerprint().rowCountsText()
                            + ") as when dumped; the database it replaced is kept as "
                            + restored.asideDatabase());
            return;
        }
        for (Service service : release.plan.services()) {
            Migration migration = service.migration();
            if (migration == null) {
                continue;
            }
            List<String> upAgain = migration.upCommand(from, target);
            release.compensations.addIfOthersSucceed(
                    ReleaseStep.MIGRATE,
                    "migrate " + service.name() + " up again to what " + from + " needs",
                    () -> undoOrRestore(service, "migrate up", () -> {
                        beforeUndoChanges.run();
                        MigrationOutcome up = run(service, from, "up", upAgain, UNDO_MIGRATION);
                        return "ran `" + String.join(" ", upAgain) + "` with " + service.imageAt(from) + " in "
                                + up.elapsedMillis() + " ms " + origin(service);
                    }));
            List<String> down = migration.downCommand(from, target);
            release.progress.report(
                    ReleaseStep.MIGRATE,
                    service.name(),
                    "migrating down with " + service.imageAt(from) + ": " + String.join(" ", down) + " "
                            + origin(service));
            MigrationOutcome outcome = run(service, from, "down", down, RelmanActivityOptions.migration());
            release.progress.report(
                    ReleaseStep.MIGRATE,
                    service.name(),
                    "migrated down to what " + target + " needs in " + outcome.elapsedMillis() + " ms");
        }
    }

    private void migrateUp(Service service, String version, String previousVersion) {
        String target =
                previousVersion == null ? "the revision before " + version : "what " + previousVersion + " needs";
        release.compensations.addIfOthersSucceed(
                ReleaseStep.MIGRATE,
                "migrate " + service.name() + " down to " + target,
                () -> undoOrRestore(service, "migrate down", () -> migrateDown(service, version, previousVersion)));
        List<String> up = service.migration().upCommand(version, previousVersion);
        release.progress.report(
                ReleaseStep.MIGRATE, service.name(), "migrating up: " + String.join(" ", up) + " " + origin(service));
        MigrationOutcome outcome = run(service, version, "up", up, RelmanActivityOptions.migration());
        release.progress.report(
                ReleaseStep.MIGRATE, service.name(), "migrated up in " + outcome.elapsedMillis() + " ms");
    }

    private String migrateDown(Service service, String version, String previousVersion) {
        Migration migration = service.migration();
        if (migration.down().isEmpty()) {
            throw new Compensations.Skip("the plan gives no migration down command for " + service.name());
        }
        if (previousVersion == null && migration.downNeedsPreviousVersion()) {
            throw new Compensations.Skip(
                    "no release ran before " + version + ", so there is no revision to go back to");
        }
        List<String> down = migration.downCommand(version, previousVersion);
        beforeUndoChanges.run();
        MigrationOutcome outcome = run(service, version, "down", down, UNDO_MIGRATION);
        return "ran `" + String.join(" ", down) + "` with " + service.imageAt(version) + " in "
                + outcome.elapsedMillis() + " ms " + origin(service);
    }

    /**
     * Runs {@code undo}; when it has nothing it can do or fails, and a backup was taken before the step,
     * restores the backup instead: the database is then in a state no command knows, and the backup is
     * the way back. Unless its schema is the backup's: then the migration changed nothing, and a restore
     * would only lose the rows written since.
     */
    private String undoOrRestore(Service service, String what, Supplier<String> undo) {
        String problem;
        try {
            return undo.get();
        } catch (Compensations.Skip | TemporalFailure failure) {
            if (release.backup == null) {
                throw failure;
            }
            problem = failure instanceof Compensations.Skip
                    ? failure.getMessage()
                    : what + " failed: " + Compensations.shortMessage(failure);
        }
        BackupFile backup = release.backup;
        String nothingToRestore = SchemaSinceBackup.nothingToRestore(release, backup);
        if (nothingToRestore != null) {
            release.progress.report(ReleaseStep.COMPENSATE, service.name(), problem + "; " + nothingToRestore);
            return problem + "; " + nothingToRestore;
        }
        release.progress.report(ReleaseStep.COMPENSATE, service.name(), problem + "; restoring backup " + backup.id());
        beforeUndoChanges.run();
        RestoredBackup restored = backups.restore(backup, UNDO_RESTORE);
        return problem + "; restored backup " + backup.id() + " in " + restored.elapsedMillis() + " ms, verified:"
                + " schema and row counts (" + restored.fingerprint().rowCountsText() + ") equal to before; the"
                + " migrated database is kept as " + restored.asideDatabase();
    }

    /**
     * Runs a migration command in a one-off container of the service's image at {@code version}, removed
     * afterwards by runs that name it after themselves.
     */
    private MigrationOutcome run(
            Service service, String version, String direction, List<String> command, ActivityOptions options) {
        boolean perRun = release.versions.migrationPerRun();
        String container = ContainerNames.migration(
                release.plan.project(),
                release.environment.name(),
                service.name(),
                direction,
                version,
                perRun ? Workflow.getInfo().getRunId() : null);
        String summary =
                (direction.equals("up") ? "migrate up to " + version : "migrate down with " + service.imageAt(version))
                        + " " + origin(service);
        return oneOffs.run(service, version, container, command, null, null, options, summary, perRun);
    }

    private String origin(Service service) {
        return oneOffs.origin(service);
    }
}
