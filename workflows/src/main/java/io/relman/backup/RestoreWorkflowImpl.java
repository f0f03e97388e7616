package io.relman.backup;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.access.PlanAccess;
import io.relman.access.PlanAccessCheck;
import io.relman.access.PlanRules;
import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.BackupIds;
import io.relman.database.BackupQuery;
import io.relman.database.DumpRequest;
import io.relman.database.PutBackRequest;
import io.relman.database.RestoreAccess;
import io.relman.database.RestoreDatabases;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.database.StoredBackup;
import io.relman.database.WholeBackupQuery;
import io.relman.docker.DockerActivities;
import io.relman.docker.EngineCheck;
import io.relman.maintenance.HeldTraffic;
import io.relman.plan.Database;
import io.relman.plan.Environment;
import io.relman.plan.ReleaseStep;
import io.relman.plan.Service;
import io.relman.release.ReleaseProgress;
import io.relman.release.RunEvents;
import io.relman.saga.Compensation;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

public class RestoreWorkflowImpl implements RestoreWorkflow {
    /** Since this change, the pre-flight checks that the role may create the scratch database the restore needs. */
    static final String ACCESS_CHANGE = "restore-access-check";
    /** Since this change, the plan is validated and the worker checks its paths and secrets before anything else. */
    static final String PLAN_ACCESS_CHANGE = "restore-plan-access";

    /** Since this change, the database the swap sets aside is the undo: it is backed up only when the plan asks. */
    static final String ASIDE_IS_THE_UNDO_CHANGE = "restore-aside-is-the-undo";

    /** Since this change, the pre-flight's checks (backup, disk, role) run at once rather than one by one. */
    static final String PREFLIGHT_AT_ONCE_CHANGE = "restore-preflight-at-once";

    private final Compensations undo = new Compensations();
    private final RunEvents events = new RunEvents();
    private final RestoreStops stops = new RestoreStops(events::report);

    @Override
    public ReleaseProgress progress() {
        return events.progress(undo.ran());
    }

    @Override
    public void abort(String by) {
        stops.abort(by);
    }

    @Override
    public RestoreReport restore(RestoreOrder order) {
        Environment environment = order.plan()
                .environment(order.environment())
                .orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                        "environment " + order.environment() + " is not in the plan", "PlanError"));
        Database database = environment.database();
        boolean stoppable = stops.begin();
        HeldTraffic traffic = new HeldTraffic(environment, order.plan().project(), order.environment());
        events.report(ReleaseStep.PREFLIGHT, 0, "checking " + order.backupId() + " and the free disk");
        try {
            return stops.forward(() -> steps(order, environment, database, traffic, stoppable));
        } catch (TemporalFailure failure) {
            String reason = Compensations.shortMessage(failure);
            events.report(ReleaseStep.COMPENSATE, events.percent(), reason + "; undoing what was done");
            List<Compensation> undone = stops.undo(() -> undo.runInReverse(
                    action -> events.report(ReleaseStep.COMPENSATE, events.percent(), "undo: " + action), done -> {}));
            events.report(ReleaseStep.FAILED, events.percent(), "the restore failed: " + reason);
            throw ApplicationFailure.newNonRetryableFailureWithCause(
                    "restore of " + order.backupId() + " into " + database.name() + " failed: " + reason
                            + undoneText(undone),
                    "RestoreFailed",
                    failure);
        }
    }

    /**
     * The forward steps. A {@code stoppable} run also reads what nginx routes before the hold and stops at
     * each step boundary when aborted or cancelled (recorded runs from before replay without both).
     */
    private RestoreReport steps(
            RestoreOrder order, Environment environment, Database database, HeldTraffic traffic, boolean stoppable) {
        if (PlanAccessCheck.checkedSince(PLAN_ACCESS_CHANGE)) {
            PlanRules.require(order.plan());
            events.report(ReleaseStep.PREFLIGHT, 0, PlanAccessCheck.check(PlanAccess.of(order.plan(), environment)));
        }
        BackupActivities backups = stub(BackupActivities.class, RelmanActivityOptions.quick());
        // Pre-flight: the backup whole, room for a second copy of the database beside the live one, and a role
        // that may make it. Independent checks: run at once since PREFLIGHT_AT_ONCE_CHANGE, one by one before.
        boolean atOnce = Workflow.getVersion(PREFLIGHT_AT_ONCE_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1;
        Promise<StoredBackup> backup =
                atOnce ? Async.function(() -> whole(order, database)) : Workflow.newPromise(whole(order, database));
        Functions.Func<Long> roomChecked = () -> {
            long liveBytes = backups.sizeOf(environment.databaseHost(), database);
            stub(DockerActivities.class, RelmanActivityOptions.quick(), "check the free disk for the restore")
                    .checkEngine(new EngineCheck(
                            environment.databaseHost(),
                            database.backupDir(),
                            liveBytes + environment.minFreeDiskBytes()));
            return liveBytes;
        };
        Promise<Long> room = atOnce ? Async.function(roomChecked) : Workflow.newPromise(roomChecked.apply());
        if (atOnce || RestoreAccess.checkedSince(ACCESS_CHANGE)) {
            String access = RestoreAccess.check(environment.databaseHost(), database);
            Promise.allOf(backup, room).get();
            events.report(ReleaseStep.PREFLIGHT, 5, access);
        }
        backup.get();
        room.get();
        stops.check(database.backsUpReplaced() ? "the backup of " + database.name() : "the hold of the traffic");

        String safetyBackupId = backUpReplaced(order, environment, database);
        // A service kept off every maintenance page (during: []) needs no database: its traffic goes on.
        List<Service> held = order.plan().services().stream()
                .filter(Service::servesTraffic)
                .filter(service ->
                        service.maintenance() == null || !service.maintenance().optsOut())
                .toList();
        if (stoppable && !held.isEmpty()) {
            stops.check("the traffic was held");
            events.report(ReleaseStep.BACKUP, 35, "before the hold: " + traffic.readRouted(held));
        }
        if (traffic.page().exists(held)) {
            undo.add(ReleaseStep.ROLLOUT, "remove the maintenance page", () -> {
                traffic.page().remove();
                return "removed";
            });
        }
        long heldSince = Workflow.currentTimeMillis();
        for (Service service : held) {
            undo.add(
                    ReleaseStep.ROLLOUT,
                    "send " + service.name() + "'s traffic back to what it routed",
                    () -> traffic.reopen(service));
            events.report(ReleaseStep.BACKUP, 40, traffic.hold(service));
        }
        stops.check("the restore");

        events.report(
                ReleaseStep.BACKUP,
                45,
                "restoring " + order.backupId() + " into a scratch database beside " + database.name()
                        + (held.isEmpty() ? "" : " (traffic held at nginx)"));
        String aside = RestoreDatabases.aside(database.name(), now());
        undo.add(
                ReleaseStep.BACKUP,
                "put the database the restore replaced back",
                () -> backups.putBack(new PutBackRequest(
                        environment.databaseHost(),
                        database,
                        aside,
                        RestoreDatabases.restoredAside(database.name(), now()))));
        RestoredBackup restored = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.backup(),
                        "restore " + order.backupId() + " into " + database.name())
                .restore(new RestoreRequest(
                        environment.databaseHost(),
                        database,
                        backup.get().backup(),
                        RestoreDatabases.scratch(database.name()),
                        aside));
        stops.check("the traffic went back");
        stops.pastTheLastBoundary();

        events.report(
                ReleaseStep.VERIFY,
                85,
                "restored and verified (schema and row counts as dumped: "
                        + restored.fingerprint().rowCountsText() + "); the replaced database is kept as "
                        + restored.asideDatabase());
        for (Service service : held) {
            events.report(ReleaseStep.VERIFY, 90, traffic.reopen(service));
        }
        if (!held.isEmpty()) {
            traffic.page().remove();
            events.report(
                    ReleaseStep.VERIFY,
                    95,
                    "the traffic was held for " + (Workflow.currentTimeMillis() - heldSince) + " ms (it got "
                            + traffic.page().heldAnswer(held) + ")");
        }
        events.report(ReleaseStep.DONE, 100, order.backupId() + " is " + database.name() + " now");
        return new RestoreReport(
                order.backupId(),
                safetyBackupId,
                restored.asideDatabase(),
                restored.fingerprint().rowCountsText(),
                Workflow.currentTimeMillis() - events.started(),
                held.stream().map(Service::name).toList());
    }

    /** The backup, checked against its sha256 and its manifest before anything is changed. */
    private static StoredBackup whole(RestoreOrder order, Database database) {
        return stub(
                        BackupActivities.class,
                        RelmanActivityOptions.backup(),
                        "check that " + order.backupId() + " is whole")
                .whole(new WholeBackupQuery(
                        new BackupQuery(
                                database.backupDir(),
                                BackupIds.prefix(order.plan().project(), order.environment())),
                        order.backupId()));
    }

    /**
     * The backup of the database the restore replaces, when the plan asks for one ({@code restore.backup_replaced})
     * or the run was recorded before the swap's aside database became the undo; its id, or null.
     */
    private String backUpReplaced(RestoreOrder order, Environment environment, Database database) {
        boolean recordedBefore =
                Workflow.getVersion(ASIDE_IS_THE_UNDO_CHANGE, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION;
        if (!recordedBefore && !database.backsUpReplaced()) {
            events.report(
                    ReleaseStep.BACKUP,
                    30,
                    "no backup of " + database.name() + " before it is replaced: the swap keeps it whole, aside, for "
                            + database.backup().keepDays() + " days (restore.backup_replaced: true takes one too)");
            return null;
        }
        events.report(ReleaseStep.BACKUP, 15, "backing up " + database.name() + " before it is replaced");
        BackupFile safety = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.backup(),
                        "back up " + database.name() + " before it is replaced")
                .dump(new DumpRequest(
                        environment.databaseHost(),
                        database,
                        BackupIds.beforeRestore(order.plan().project(), order.environment(), now()),
                        Workflow.getInfo().getWorkflowId()));
        events.report(ReleaseStep.BACKUP, 30, "backed up as " + safety.id());
        return safety.id();
    }

    private static String undoneText(List<Compensation> undone) {
        List<String> lines = new ArrayList<>();
        undone.forEach(c -> lines.add(c.line()));
        return lines.isEmpty() ? "; nothing needed undoing" : "; undone: " + String.join("; ", lines);
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
}
