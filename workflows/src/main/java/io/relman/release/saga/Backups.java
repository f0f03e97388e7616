package io.relman.release.saga;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.database.BackupQuery;
import io.relman.database.DumpRequest;
import io.relman.database.PutBackRequest;
import io.relman.database.RestoreDatabases;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.database.StoredBackup;
import io.relman.plan.Database;
import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The backup step: a dump of the environment's database before anything changes it, which a failed
 * migration is undone with when it cannot be run down; and the restore of a backup.
 */
final class Backups {
    private final Release release;
    private final Environment environment;
    private final Database database;

    Backups(Release release) {
        this.release = release;
        this.environment = release.environment;
        this.database = release.environment.database();
    }

    /**
     * Takes a backup when the run must have its own ({@code dumpNow}: it migrates, or restores one), else
     * relies on one younger than the plan's max_backup_age and takes one only when there is none.
     */
    void beforeRelease(boolean dumpNow) {
        if (release.versions.backups() && dumpNow) {
            release.backup = dump();
        } else if (release.versions.planSteps()) {
            release.backup = recentOrNew();
        }
    }

    /** Restores {@code file} into the environment's database and verifies it against its fingerprint. */
    RestoredBackup restore(BackupFile file, ActivityOptions options) {
        return restore(file, asideName(), options);
    }

    /** The same, keeping the replaced database as {@code aside} (named beforehand, so an undo can name it). */
    RestoredBackup restore(BackupFile file, String aside, ActivityOptions options) {
        return stub(BackupActivities.class, options, "restore " + file.id() + " into " + database.name())
                .restore(new RestoreRequest(
                        environment.databaseHost(), database, file, RestoreDatabases.scratch(database.name()), aside));
    }

    /** The name a restore run now keeps the replaced database under. */
    String asideName() {
        return RestoreDatabases.aside(database.name(), Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    }

    /** Undoes a restore: the database it set aside as {@code aside} is the live one again. */
    String putBack(String aside, ActivityOptions options) {
        return stub(BackupActivities.class, options, "put back the database a restore replaced")
                .putBack(new PutBackRequest(
                        environment.databaseHost(),
                        database,
                        aside,
                        RestoreDatabases.restoredAside(
                                database.name(), Instant.ofEpochMilli(Workflow.currentTimeMillis()))));
    }

    /** pg_dump of the environment's database before anything changes it; a failed migration restores it. */
    private BackupFile dump() {
        String backupId = BackupIds.before(
                release.plan.project(),
                environment.name(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                release.version());
        release.progress.report(
                ReleaseStep.BACKUP, null, "backing up " + database.name() + " from " + database.container());
        BackupFile dump = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.backup(),
                        "back up " + database.name() + " as " + backupId)
                .dump(new DumpRequest(environment.databaseHost(), database, backupId, Release.workflowId()));
        release.progress.report(
                ReleaseStep.BACKUP,
                null,
                "backed up " + database.name() + " to " + dump.path() + " ("
                        + dump.sizeBytes() + " bytes, sha256 " + dump.sha256().substring(0, 12) + ", rows "
                        + dump.fingerprint().rowCountsText() + ") in " + dump.elapsedMillis() + " ms");
        return dump;
    }

    /**
     * A release without a migration changes no schema, but its new code may write data the old one
     * cannot read: it starts only with a backup younger than the plan's max_backup_age, taken now when
     * there is none.
     */
    private BackupFile recentOrNew() {
        String maxAge = Durations.text(database.maxBackupAge());
        StoredBackup newest = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.quick(),
                        "find the newest backup of " + database.name())
                .newest(new BackupQuery(
                        database.backupDir(), BackupIds.prefix(release.plan.project(), environment.name())));
        if (newest != null && !newest.damagedNewer().isEmpty()) {
            release.progress.report(
                    ReleaseStep.BACKUP,
                    null,
                    "passed over damaged backups: " + String.join("; ", newest.damagedNewer()));
        }
        if (newest != null) {
            Duration age = Duration.ofMillis(Math.max(0, Workflow.currentTimeMillis() - newest.finishedAtMillis()));
            if (age.compareTo(database.maxBackupAge()) <= 0) {
                release.progress.report(
                        ReleaseStep.BACKUP,
                        null,
                        "the newest backup, " + newest.backup().id()
                                + ", is " + Durations.text(age.truncatedTo(ChronoUnit.SECONDS))
                                + " old (max_backup_age "
                                + maxAge + "): no new one needed");
                return newest.backup();
            }
            release.progress.report(
                    ReleaseStep.BACKUP,
                    null,
                    "the newest backup, " + newest.backup().id() + ", is older than max_backup_age (" + maxAge
                            + "): taking one now");
        } else {
            release.progress.report(
                    ReleaseStep.BACKUP,
                    null,
                    "no backup of " + database.name() + " in " + database.backupDir() + ": taking one now");
        }
        return dump();
    }
}
