package io.relman.backup;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.access.PlanAccessCheck;
import io.relman.database.AsideRetention;
import io.relman.database.BackupActivities;
import io.relman.database.BackupCopy;
import io.relman.database.BackupCopyRequest;
import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.database.DeletedBackup;
import io.relman.database.DumpRequest;
import io.relman.database.PruneRequest;
import io.relman.database.PrunedBackups;
import io.relman.plan.BackupCopyTarget;
import io.relman.plan.Database;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

public class BackupWorkflowImpl implements BackupWorkflow {
    /** Since this change, retention also drops the databases restores set aside (runs before it replay without). */
    static final String DROP_ASIDES_CHANGE = "backup-drop-asides";
    /** Since this change, the worker checks the paths and secrets of the run before the dump. */
    static final String ACCESS_CHANGE = "backup-plan-access";
    /** Since this change, a failed backup tells the environment's webhooks that want backup_failed. */
    static final String NOTIFY_CHANGE = "backup-notify";

    @Override
    public BackupReport backup(BackupRequest request) {
        Database database = request.database();
        BackupRuns.tag(request);
        String backupId = BackupIds.own(
                request.project(),
                request.environment(),
                Instant.ofEpochMilli(Workflow.currentTimeMillis()),
                Workflow.getInfo().getRunId());
        try {
            if (PlanAccessCheck.checkedSince(ACCESS_CHANGE)) {
                PlanAccessCheck.check(BackupRuns.access(request));
            }
            BackupFile backup = stub(
                            BackupActivities.class,
                            RelmanActivityOptions.ownBackup(),
                            "back up " + database.name() + " as " + backupId)
                    .dump(new DumpRequest(request.host(), database, backupId, null));
            BackupRecords records = BackupRuns.records(request);
            List<String> keep = new ArrayList<>();
            keep.add(backup.id());
            keep.add(records.latestReleaseBackup());
            keep.add(records.newestVerified());
            keep.removeIf(Objects::isNull);
            PrunedBackups pruned = stub(
                            BackupActivities.class,
                            RelmanActivityOptions.quick(),
                            "apply retention: keep_last " + database.backup().keepLast() + ", keep_days "
                                    + database.backup().keepDays())
                    .prune(new PruneRequest(
                            BackupRuns.query(request),
                            database.backup(),
                            keep,
                            Workflow.currentTimeMillis(),
                            backup.heldOn()));
            List<String> dropped = List.of();
            if (Workflow.getVersion(DROP_ASIDES_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
                dropped = stub(
                                BackupActivities.class,
                                RelmanActivityOptions.quick(),
                                "drop databases restores set aside "
                                        + database.backup().keepDays() + " days ago")
                        .dropAsides(new AsideRetention(
                                request.host(), database, database.backup().keepDays(), Workflow.currentTimeMillis()));
            }
            BackupCopy copy = null;
            BackupCopyTarget target = database.backup().copyTo();
            if (request.copyHost() != null && target != null) {
                copy = stub(
                                BackupActivities.class,
                                RelmanActivityOptions.ownBackup(),
                                "copy " + backup.id() + " to " + target.host() + ":" + target.dir())
                        .copyOff(new BackupCopyRequest(
                                request.copyHost(),
                                target.dir(),
                                backup,
                                pruned.deleted().stream().map(DeletedBackup::id).toList()));
            }
            BackupRuns.state(BackupState.BACKED_UP);
            return new BackupReport(backup, pruned.deleted(), pruned.kept(), keep, dropped, copy);
        } catch (ActivityFailure failure) {
            BackupRuns.state(BackupState.BACKUP_FAILED);
            String reason = "backup of " + database.name() + " (" + request.project() + " " + request.environment()
                    + ") failed: " + BackupRuns.reason(failure);
            BackupRuns.tell(request, "backup", "backup_failed", reason, NOTIFY_CHANGE);
            throw ApplicationFailure.newNonRetryableFailureWithCause(reason, "BackupFailed", failure);
        }
    }
}
