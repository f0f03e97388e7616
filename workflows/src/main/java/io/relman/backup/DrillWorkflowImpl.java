package io.relman.backup;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.access.PlanAccessCheck;
import io.relman.database.BackupActivities;
import io.relman.database.DrillOutcome;
import io.relman.database.DrillRequest;
import io.relman.database.RestoreAccess;
import io.relman.database.RestoreDatabases;
import io.relman.database.StoredBackup;
import io.relman.plan.Database;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

public class DrillWorkflowImpl implements DrillWorkflow {
    /**
     * Since this change, a drill first checks that the role may create the scratch database a restore needs:
     * a drill that cannot restore says so, as a restore in an undo would find it.
     */
    static final String ACCESS_CHANGE = "drill-restore-access";
    /** Since this change, the worker checks the paths and secrets of the run before anything else. */
    static final String PLAN_ACCESS_CHANGE = "drill-plan-access";
    /** Since this change, a failed drill tells the environment's webhooks that want drill_failed. */
    static final String NOTIFY_CHANGE = "drill-notify";

    @Override
    public DrillRecord drill(BackupRequest request) {
        Database database = request.database();
        BackupRuns.tag(request);
        long started = Workflow.currentTimeMillis();
        if (PlanAccessCheck.checkedSince(PLAN_ACCESS_CHANGE)) {
            try {
                PlanAccessCheck.check(BackupRuns.access(request));
            } catch (ActivityFailure refused) {
                // Refused before anything ran: no scratch database, no drill record.
                BackupRuns.state(BackupState.DRILL_FAILED);
                throw failed(
                        request,
                        "restore drill of " + request.project() + " " + request.environment() + " refused: "
                                + BackupRuns.reason(refused));
            }
        }
        StoredBackup newest = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.backup(),
                        "find the newest whole backup of " + database.name())
                .newest(BackupRuns.query(request));
        if (newest == null) {
            return fail(
                    request,
                    null,
                    started,
                    "there is no whole backup of " + database.name() + " in " + database.backupDir() + " to restore");
        }
        String backupId = newest.backup().id();
        if (RestoreAccess.checkedSince(ACCESS_CHANGE)) {
            try {
                RestoreAccess.check(request.host(), database);
            } catch (ActivityFailure failure) {
                return fail(request, backupId, started, "the drill cannot restore it: " + BackupRuns.reason(failure));
            }
        }
        DrillOutcome outcome;
        try {
            outcome = stub(
                            BackupActivities.class,
                            RelmanActivityOptions.backup(),
                            "restore " + backupId + " into a scratch database and check it")
                    .drill(new DrillRequest(
                            request.host(),
                            database,
                            newest.backup(),
                            RestoreDatabases.drill(database.name()),
                            database.backup().drillCheck()));
        } catch (ActivityFailure failure) {
            return fail(request, backupId, started, "the drill could not restore it: " + BackupRuns.reason(failure));
        }
        if (!outcome.passed()) {
            return fail(request, backupId, started, String.join("; ", outcome.problems()));
        }
        DrillRecord passed = record(
                request,
                backupId,
                started,
                true,
                "restored in " + outcome.elapsedMillis() + " ms; schema and row counts as dumped ("
                        + outcome.rowCounts() + ")"
                        + (outcome.checkOutput().isBlank() ? "" : "; drill_check: " + outcome.checkOutput()));
        BackupRuns.state(BackupState.DRILL_PASSED);
        return passed;
    }

    private DrillRecord fail(BackupRequest request, String backupId, long started, String problem) {
        record(request, backupId, started, false, problem);
        BackupRuns.state(BackupState.DRILL_FAILED);
        throw failed(
                request,
                "restore drill of " + request.project() + " " + request.environment()
                        + (backupId == null ? "" : " (backup " + backupId + ")") + " failed: " + problem);
    }

    /** The failure the drill ends with, once the webhooks that want drill_failed are told. */
    private static ApplicationFailure failed(BackupRequest request, String reason) {
        BackupRuns.tell(request, "drill", "drill_failed", reason, NOTIFY_CHANGE);
        return ApplicationFailure.newNonRetryableFailure(reason, "DrillFailed");
    }

    private static DrillRecord record(
            BackupRequest request, String backupId, long started, boolean passed, String message) {
        DrillRecord drill = new DrillRecord(
                request.project(),
                request.environment(),
                backupId == null ? "-" : backupId,
                Workflow.getInfo().getWorkflowId(),
                Workflow.getInfo().getRunId(),
                started,
                Workflow.currentTimeMillis(),
                passed,
                message);
        stub(BackupRecordActivities.class, RelmanActivityOptions.quick(), "record the drill's outcome")
                .recordDrill(drill);
        return drill;
    }
}
