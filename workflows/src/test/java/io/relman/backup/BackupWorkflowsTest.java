package io.relman.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.database.BackupActivities;
import io.relman.database.BackupCopy;
import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.database.DeletedBackup;
import io.relman.database.DrillOutcome;
import io.relman.database.DumpRequest;
import io.relman.database.PrunedBackups;
import io.relman.database.RestoreAccessActivities;
import io.relman.database.StoredBackup;
import io.relman.notify.Notification;
import io.relman.notify.NotificationsWorkflowImpl;
import io.relman.notify.RecordingReceiver;
import io.relman.notify.RunNotifications;
import io.relman.plan.BackupCopyTarget;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.Webhook;
import io.relman.release.TestPlans;
import io.relman.temporal.RelmanTemporal;
import io.relman.temporal.TestWorkflows;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Backup and Drill workflows with mocked activities: which steps, which backups are kept, what a failure says. */
@Timeout(30)
class BackupWorkflowsTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.backups(BackupWorkflowImpl.class, DrillWorkflowImpl.class, NotificationsWorkflowImpl.class);

    private static final Database DATABASE =
            TestPlans.database(new BackupPolicy("0 3 * * *", 2, 7, "0 4 * * 0", "SELECT count(*) FROM items"));
    private static final BackupRequest REQUEST =
            new BackupRequest("shop", "demo", Host.LOCAL, DATABASE, "schedule", null, null);
    /** A host to copy backups to, and the database whose policy copies them there. */
    private static final Host VAULT =
            new Host("vault", "deployer@10.0.0.9", "/keys/id", null, null, "/keys/known_hosts", null, null, null);

    private static final Database COPIED = TestPlans.database(
            new BackupPolicy(null, 2, 7, null, null, BackupPolicy.CUSTOM, 2, new BackupCopyTarget("vault", "/srv/b")));
    private static final DatabaseFingerprint FINGERPRINT = new DatabaseFingerprint("s", Map.of("items", 3L));

    private final BackupActivities backups =
            mock(BackupActivities.class, withSettings().withoutAnnotations());
    private final BackupRecordActivities records =
            mock(BackupRecordActivities.class, withSettings().withoutAnnotations());
    private final RestoreAccessActivities restoreAccess =
            mock(RestoreAccessActivities.class, withSettings().withoutAnnotations());
    private final RecordingReceiver receiver = new RecordingReceiver();

    private static BackupFile backup(String id) {
        return new BackupFile(
                id, "/var/backups/shop/" + id + ".dump", 10, "ab", 5, FINGERPRINT, "shop", "dev", null, 0);
    }

    private void start(TestWorkflowEnvironment env, Worker worker) {
        this.worker = worker;
        when(restoreAccess.check(any(), any())).thenAnswer(call -> "the database role \"shop\" may create databases");
        worker.registerActivitiesImplementations(backups, records, restoreAccess, new AllowingPlanAccess(), receiver);
        env.start();
    }

    private Worker worker;

    private <T> T stub(WorkflowClient client, Class<T> workflow, String id) {
        return client.newWorkflowStub(
                workflow,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(id)
                        .setTaskQueue(worker.getTaskQueue())
                        .build());
    }

    @Test
    void aBackupDumpsThenAppliesRetentionKeepingWhatReleasesAndDrillsRelyOn(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.dump(any()))
                .thenAnswer(call -> backup(call.<DumpRequest>getArgument(0).backupId()));
        when(records.records(any()))
                .thenReturn(new BackupRecords(
                        "shop-demo-20261101-020000-before-v3",
                        Map.of(),
                        List.of(new DrillRecord(
                                "shop", "demo", "shop-demo-20261020-030000-backup", "d", "r", 0, 1, true, "ok"))));
        when(backups.prune(any()))
                .thenReturn(new PrunedBackups(List.of(new DeletedBackup("shop-demo-old", 10, "40 days old")), 4));
        start(env, worker);

        BackupReport report = stub(client, BackupWorkflow.class, RelmanTemporal.backupWorkflowId("shop", "demo"))
                .backup(REQUEST);

        assertThat(report.backup().id()).matches("shop-demo-\\d{8}-\\d{6}-backup-[0-9a-f-]{8}");
        assertThat(report.backup().releaseId()).isNull();
        verify(backups)
                .dump(argThat(
                        dump -> dump.releaseId() == null && dump.database().equals(DATABASE)));
        verify(backups)
                .prune(argThat(prune -> prune.policy().keepLast() == 2
                        && prune.keep()
                                .equals(List.of(
                                        report.backup().id(),
                                        "shop-demo-20261101-020000-before-v3",
                                        "shop-demo-20261020-030000-backup"))));
        verify(backups)
                .dropAsides(argThat(
                        asides -> asides.keepDays() == 7 && asides.database().equals(DATABASE)));
        assertThat(report.deleted()).extracting(DeletedBackup::id).containsExactly("shop-demo-old");
        assertThat(report.kept()).isEqualTo(4);
        assertThat(report.copy()).as("the plan asks for no copy off the worker").isNull();
        verify(backups, never()).copyOff(any());
        assertThat(searchAttribute(client, RelmanTemporal.backupWorkflowId("shop", "demo")))
                .isEqualTo("backed-up");
    }

    @Test
    void aBackupIsCopiedOffTheWorkerAfterRetentionAndTheCopiesOfDeletedBackupsGoToo(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.dump(any()))
                .thenAnswer(call -> backup(call.<DumpRequest>getArgument(0).backupId()));
        when(records.records(any())).thenReturn(new BackupRecords(null, Map.of(), List.of()));
        when(backups.prune(any()))
                .thenReturn(new PrunedBackups(List.of(new DeletedBackup("shop-demo-old", 10, "40 days old")), 2));
        BackupCopy copy = new BackupCopy("vault:/srv/b/x.dump", 2, 20, List.of("shop-demo-old.dump"), 5);
        when(backups.copyOff(any())).thenReturn(copy);
        start(env, worker);

        BackupReport report = stub(client, BackupWorkflow.class, RelmanTemporal.backupWorkflowId("shop", "demo"))
                .backup(new BackupRequest("shop", "demo", Host.LOCAL, COPIED, "schedule", VAULT, null));

        verify(backups)
                .copyOff(argThat(request -> request.host().equals(VAULT)
                        && request.dir().equals("/srv/b")
                        && request.backup().id().equals(report.backup().id())
                        && request.deletedIds().equals(List.of("shop-demo-old"))));
        assertThat(report.copy()).isEqualTo(copy);
    }

    @Test
    void retentionAndTheCopyRunOnTheMachineThatHoldsTheNewBackup(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        // A worker of machine b took the dump: only machine b's disk has it.
        when(backups.dump(any()))
                .thenAnswer(call ->
                        backup(call.<DumpRequest>getArgument(0).backupId()).heldOn("relman-machine-b"));
        when(records.records(any())).thenReturn(new BackupRecords(null, Map.of(), List.of()));
        BackupActivities machineB = mock(BackupActivities.class, withSettings().withoutAnnotations());
        when(machineB.prune(any())).thenReturn(new PrunedBackups(List.of(), 1));
        when(machineB.copyOff(any())).thenReturn(new BackupCopy("vault:/srv/b/x.dump", 1, 20, List.of(), 5));
        env.newWorker("relman-machine-b").registerActivitiesImplementations(machineB);
        start(env, worker);

        stub(client, BackupWorkflow.class, "backup-shop-demo")
                .backup(new BackupRequest("shop", "demo", Host.LOCAL, COPIED, "schedule", VAULT, null));

        verify(machineB).prune(argThat(prune -> prune.machineQueue().equals("relman-machine-b")));
        verify(machineB).copyOff(any());
        verify(backups, never()).prune(any());
        verify(backups, never()).copyOff(any());
        verify(backups).dropAsides(any()); // the database's own, on any worker
    }

    @Test
    void aDrillRestoresTheBackupOnTheMachineThatFoundIt(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.newest(any()))
                .thenReturn(new StoredBackup(backup("shop-demo-b").heldOn("relman-machine-b"), 0, List.of()));
        BackupActivities machineB = mock(BackupActivities.class, withSettings().withoutAnnotations());
        when(machineB.drill(any())).thenReturn(new DrillOutcome("shop-demo-b", 900, "items=3", List.of(), "3"));
        env.newWorker("relman-machine-b").registerActivitiesImplementations(machineB);
        start(env, worker);

        assertThat(stub(client, DrillWorkflow.class, "drill-shop-demo")
                        .drill(REQUEST)
                        .passed())
                .isTrue();
        verify(machineB).drill(argThat(drill -> drill.backup().id().equals("shop-demo-b")));
        verify(backups, never()).drill(any());
    }

    @Test
    void aFailedDumpFailsTheRunWithTheDumpsOwnWordsAndDeletesNothing(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.dump(any()))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("pg_dump exited with 1: no space", "BackupFailed"));
        start(env, worker);

        assertThatThrownBy(() ->
                        stub(client, BackupWorkflow.class, "backup-shop-demo").backup(REQUEST))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("backup of shop (shop demo) failed: pg_dump exited with 1: no space");
        verify(backups, org.mockito.Mockito.never()).prune(any());
        assertThat(searchAttribute(client, "backup-shop-demo")).isEqualTo("backup-failed");
    }

    @Test
    void aDrillRestoresTheNewestWholeBackupAndRecordsThatItPassed(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.newest(any())).thenReturn(new StoredBackup(backup("shop-demo-b"), 0, List.of()));
        when(backups.drill(any())).thenReturn(new DrillOutcome("shop-demo-b", 900, "items=3", List.of(), "3"));
        start(env, worker);

        DrillRecord drill = stub(client, DrillWorkflow.class, "drill-shop-demo").drill(REQUEST);

        assertThat(drill.passed()).isTrue();
        assertThat(drill.message())
                .isEqualTo("restored in 900 ms; schema and row counts as dumped (items=3); drill_check: 3");
        verify(backups)
                .drill(argThat(d -> d.scratchDatabase().equals("relman_drill_shop")
                        && d.check().equals("SELECT count(*) FROM items")));
        verify(records).recordDrill(argThat(r -> r.passed() && r.backupId().equals("shop-demo-b")));
        assertThat(searchAttribute(client, "drill-shop-demo")).isEqualTo("drill-passed");
    }

    @Test
    void aBackupThatDoesNotComeBackWholeFailsTheDrillRunAndIsRecordedAsFailed(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.newest(any())).thenReturn(new StoredBackup(backup("shop-demo-b"), 0, List.of()));
        when(backups.drill(any()))
                .thenReturn(new DrillOutcome(
                        "shop-demo-b", 900, "items=2", List.of("table items has 2 rows instead of 3"), ""));
        start(env, worker);

        assertThatThrownBy(() ->
                        stub(client, DrillWorkflow.class, "drill-shop-demo").drill(REQUEST))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("restore drill of shop demo (backup shop-demo-b) failed: table items has 2 rows"
                        + " instead of 3");
        verify(records)
                .recordDrill(argThat(r -> !r.passed() && r.message().equals("table items has 2 rows instead of 3")));
        assertThat(searchAttribute(client, "drill-shop-demo")).isEqualTo("drill-failed");
    }

    @Test
    void aDrillThatCouldNotRestoreBecauseTheRoleMayNotCreateDatabasesFailsBeforeItRestoresAndSaysWhy(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(backups.newest(any())).thenReturn(new StoredBackup(backup("shop-demo-b"), 0, List.of()));
        start(env, worker);
        String refusal = RestoreMocks.ROLE_MAY_NOT_CREATE_DATABASES;
        when(restoreAccess.check(any(), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(refusal, "PreflightFailed"));

        assertThatThrownBy(() ->
                        stub(client, DrillWorkflow.class, "drill-shop-demo").drill(REQUEST))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("restore drill of shop demo (backup shop-demo-b) failed: the drill cannot"
                        + " restore it: " + refusal);
        verify(restoreAccess)
                .check(argThat(Host::local), argThat(database -> database.name().equals("shop")));
        verify(backups, never()).drill(any());
        verify(records)
                .recordDrill(
                        argThat(r -> !r.passed() && r.message().equals("the drill cannot restore it: " + refusal)));
        assertThat(searchAttribute(client, "drill-shop-demo")).isEqualTo("drill-failed");
    }

    @Test
    void aDrillWithoutAnyWholeBackupFails(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        start(env, worker);

        assertThatThrownBy(() ->
                        stub(client, DrillWorkflow.class, "drill-shop-demo").drill(REQUEST))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("there is no whole backup of shop in /var/backups/shop to restore");
        verify(records).recordDrill(argThat(r -> !r.passed() && r.backupId().equals("-")));
    }

    private static String searchAttribute(WorkflowClient client, String workflowId) {
        WorkflowStub run = client.newUntypedWorkflowStub(workflowId);
        return run.describe().getTypedSearchAttributes().get(RelmanTemporal.BACKUP_STATE);
    }

    /** The shop's backup, with a webhook that wants {@code events}. */
    private static BackupRequest withWebhook(String... events) {
        return new BackupRequest(
                "shop",
                "demo",
                Host.LOCAL,
                DATABASE,
                "schedule",
                null,
                List.of(new Webhook("ops", "OPS_WEBHOOK", List.of(events))));
    }

    private static void awaitNotifications(WorkflowClient client, Object run) {
        WorkflowStub stub = WorkflowStub.fromTyped(run);
        long started = stub.describe().getStartTime().toEpochMilli();
        client.newUntypedWorkflowStub(
                        RunNotifications.workflowIdOf(stub.getExecution().getWorkflowId(), started))
                .getResult(List.class);
    }

    // Notifications of failed backups and drills.

    @Test
    void aFailedBackupTellsBackupFailedWithItsReason(TestWorkflowEnvironment env, Worker worker) {
        when(backups.dump(any()))
                .thenThrow(
                        ApplicationFailure.newNonRetryableFailure("pg_dump exited with 1: no space", "BackupFailed"));
        start(env, worker);
        BackupWorkflow backup = stub(env.getWorkflowClient(), BackupWorkflow.class, "backup-shop-demo");

        assertThatThrownBy(() -> backup.backup(withWebhook("backup_failed")))
                .isInstanceOf(WorkflowFailedException.class);
        awaitNotifications(env.getWorkflowClient(), backup);

        assertThat(receiver.events()).containsExactly("backup_failed");
        Notification told = receiver.took.get(0);
        assertThat(told.kind()).isEqualTo("backup");
        assertThat(told.version()).isNull();
        assertThat(told.reason()).isEqualTo("backup of shop (shop demo) failed: pg_dump exited with 1: no space");
    }

    @Test
    void aDrillWithNothingToRestoreTellsDrillFailed(TestWorkflowEnvironment env, Worker worker) {
        start(env, worker);
        DrillWorkflow drill = stub(env.getWorkflowClient(), DrillWorkflow.class, "drill-shop-demo");

        assertThatThrownBy(() -> drill.drill(withWebhook("drill_failed"))).isInstanceOf(WorkflowFailedException.class);
        awaitNotifications(env.getWorkflowClient(), drill);

        assertThat(receiver.events()).containsExactly("drill_failed");
        assertThat(receiver.took.get(0).reason()).contains("there is no whole backup of shop");
    }

    @Test
    void aFailedBackupNobodyAskedToHearOfStartsNoNotificationsAndAddsNoMarker(
            TestWorkflowEnvironment env, Worker worker) {
        when(backups.dump(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure("pg_dump exited with 1", "BackupFailed"));
        start(env, worker);
        BackupWorkflow backup = stub(env.getWorkflowClient(), BackupWorkflow.class, "backup-shop-demo");

        assertThatThrownBy(() -> backup.backup(withWebhook("drill_failed")))
                .isInstanceOf(WorkflowFailedException.class);

        assertThat(env.getWorkflowClient()
                        .fetchHistory("backup-shop-demo")
                        .getHistory()
                        .getEventsList())
                .noneMatch(
                        event -> event.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED)
                .noneMatch(event -> event.toString().contains(BackupWorkflowImpl.NOTIFY_CHANGE));
        assertThat(receiver.tries).hasValue(0);
    }
}
