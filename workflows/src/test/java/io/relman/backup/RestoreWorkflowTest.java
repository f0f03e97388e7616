package io.relman.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.database.BackupActivities;
import io.relman.database.PutBackRequest;
import io.relman.database.RestoreAccessActivities;
import io.relman.database.StoredBackup;
import io.relman.docker.DockerActivities;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamUpdate;
import io.relman.release.ReleaseEvent;
import io.relman.release.TestPlans;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/** The Restore saga with mocked activities: traffic held around the swap, and what its undo puts back. */
@Timeout(30)
class RestoreWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(RestoreWorkflowImpl.class);

    private static final RestoreOrder ORDER = new RestoreOrder(TestPlans.shop(2), "demo", "shop-demo-b1", "tester");

    private final RestoreMocks mocks = new RestoreMocks();
    private final BackupActivities backups = mocks.backups;
    private final DockerActivities docker = mocks.docker;
    private final LoadBalancerActivities loadBalancer = mocks.loadBalancer;
    private final RestoreAccessActivities restoreAccess = mocks.restoreAccess;
    private final List<List<String>> upstreams = new ArrayList<>();

    private RestoreWorkflow start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        doAnswer(call -> upstreams.add(call.<UpstreamUpdate>getArgument(0).servers()))
                .when(loadBalancer)
                .applyUpstream(any());
        when(restoreAccess.check(any(), any()))
                .thenReturn("the database role \"shop\" may create databases and acts as the owner of shop");
        return mocks.start(env, worker, client);
    }

    @Test
    void theTrafficIsHeldWhileTheVerifiedRestoreIsSwappedInAndWhatItReplacesIsKeptAsideNotBackedUp(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client);
        when(backups.restore(any())).thenAnswer(call -> RestoreMocks.restored(call.getArgument(0)));

        RestoreReport report = restore.restore(ORDER);

        assertThat(report.safetyBackupId()).as("the aside database is the undo").isNull();
        assertThat(report.asideDatabase()).startsWith("shop_before_restore_");
        assertThat(upstreams).containsExactly(List.of(), List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000"));
        verify(backups, never()).dump(any());
        verify(backups, never()).putBack(any());
        assertThat(restore.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("no backup of shop before it is replaced: the swap keeps it whole, aside, for 30 days"
                        + " (restore.backup_replaced: true takes one too)");
    }

    @Test
    void aPlanThatAsksForItGetsABackupOfTheReplacedDatabaseBeforeTheSwap(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client);
        when(backups.restore(any())).thenAnswer(call -> RestoreMocks.restored(call.getArgument(0)));

        RestoreReport report = restore.restore(new RestoreOrder(
                new TestPlans.Shop().replicas(2).backupReplacedOnRestore().plan(), "demo", "shop-demo-b1", "tester"));

        assertThat(report.safetyBackupId()).matches("shop-demo-\\d{8}-\\d{6}-before-restore");
        InOrder order = inOrder(restoreAccess, backups, loadBalancer);
        order.verify(restoreAccess).check(any(), any());
        order.verify(backups).dump(any());
        order.verify(loadBalancer).applyUpstream(any());
        order.verify(backups).restore(any());
    }

    @Test
    void aRestoreThatFailsPutsTheReplacedDatabaseAndTheTrafficBack(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client);
        when(backups.restore(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "the restore in relman_restore_shop is not the database as it was dumped", "RestoreMismatch"));
        when(backups.putBack(any())).thenReturn("the restore never replaced shop: nothing to put back");

        assertThatThrownBy(() -> restore.restore(ORDER))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("restore of shop-demo-b1 into shop failed: the restore in relman_restore_shop is"
                        + " not the database as it was dumped; undone:");
        verify(backups).putBack(any(PutBackRequest.class));
        assertThat(upstreams).containsExactly(List.of(), List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000"));
    }

    @Test
    void aRestoreIsRefusedBeforeAnythingChangesWhenTheRoleMayNotCreateTheScratchDatabase(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client);
        String refusal = RestoreMocks.ROLE_MAY_NOT_CREATE_DATABASES;
        when(restoreAccess.check(any(), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(refusal, "PreflightFailed"));

        assertThatThrownBy(() -> restore.restore(ORDER))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining(
                        "restore of shop-demo-b1 into shop failed: " + refusal + "; nothing needed" + " undoing");
        verify(restoreAccess).check(any(), argThat(database -> database.name().equals("shop")));
        verify(backups, never()).dump(any());
        verify(backups, never()).restore(any());
        verify(backups, never()).putBack(any());
        assertThat(upstreams).isEmpty();
    }

    @Test
    void theRestoreChecksTheRoleBeforeItHoldsTraffic(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client);
        when(backups.restore(any())).thenAnswer(call -> RestoreMocks.restored(call.getArgument(0)));

        restore.restore(ORDER);

        InOrder order = inOrder(restoreAccess, backups, loadBalancer);
        order.verify(restoreAccess).check(any(), any());
        order.verify(loadBalancer).applyUpstream(any());
        order.verify(backups).restore(any());
    }

    @Test
    void thePreflightChecksTheBackupTheDiskAndTheRoleAtOnce(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
        RestoreWorkflow restore = start(env, worker, client);
        CountDownLatch roleChecked = new CountDownLatch(1);
        StoredBackup whole = backups.whole(null); // what RestoreMocks answers
        // The backup's check ends only once the role's has started: one by one, it would wait in vain.
        when(backups.whole(any())).thenAnswer(call -> {
            if (!roleChecked.await(5, TimeUnit.SECONDS)) {
                throw ApplicationFailure.newNonRetryableFailure("the role was not checked meanwhile", "Test");
            }
            return whole;
        });
        when(restoreAccess.check(any(), any())).thenAnswer(call -> {
            roleChecked.countDown();
            return "the database role \"shop\" may create databases";
        });
        when(backups.restore(any())).thenAnswer(call -> RestoreMocks.restored(call.getArgument(0)));

        restore.restore(ORDER);

        verify(backups).sizeOf(any(), any());
        verify(docker).checkEngine(any());
    }

    @Test
    void aDamagedBackupIsRefusedBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client);
        when(backups.whole(any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(
                        "the backup shop-demo-b1 is damaged", "BackupCorrupt"));

        assertThatThrownBy(() -> restore.restore(ORDER))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("the backup shop-demo-b1 is damaged; nothing needed undoing");
        verify(backups, never()).dump(any());
        assertThat(upstreams).isEmpty();
    }
}
