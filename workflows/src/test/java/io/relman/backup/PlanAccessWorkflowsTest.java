package io.relman.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.access.PlanAccessActivities;
import io.relman.database.BackupActivities;
import io.relman.database.RestoreAccessActivities;
import io.relman.docker.DockerActivities;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.release.TestPlans;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * Backup, Drill and Restore ask the worker to check every path and secret of the run before their first
 * effect, and stop there, having done nothing, when it refuses.
 */
@Timeout(30)
class PlanAccessWorkflowsTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.backups(BackupWorkflowImpl.class, DrillWorkflowImpl.class, RestoreWorkflowImpl.class);

    private static final Host BASTION =
            new Host("bastion", "deployer@10.0.0.4", "/root/.ssh/id_ed25519", null, null, "/keys/kh", null, null, null);
    private static final Host WEB2 =
            new Host("web2", "deployer@10.0.1.7", "/keys/id", null, null, "/keys/kh", null, BASTION, null);
    private static final Database DATABASE = TestPlans.database(new BackupPolicy("0 3 * * *", 2, 7, "0 4 * * 0", null));
    private static final BackupRequest REQUEST =
            new BackupRequest("shop", "demo", WEB2, DATABASE, "schedule", null, null);
    private static final String REFUSAL = "hosts/bastion (the bastion of web2)/key /root/.ssh/id_ed25519 is outside"
            + " the directories this worker lets plans use. Nothing was changed.";

    private final PlanAccessActivities planAccess =
            mock(PlanAccessActivities.class, withSettings().withoutAnnotations());
    private final BackupActivities backups =
            mock(BackupActivities.class, withSettings().withoutAnnotations());
    private final BackupRecordActivities records =
            mock(BackupRecordActivities.class, withSettings().withoutAnnotations());
    private final RestoreAccessActivities restoreAccess =
            mock(RestoreAccessActivities.class, withSettings().withoutAnnotations());
    private final DockerActivities docker =
            mock(DockerActivities.class, withSettings().withoutAnnotations());
    private final LoadBalancerActivities loadBalancer =
            mock(LoadBalancerActivities.class, withSettings().withoutAnnotations());

    private <T> T start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, Class<T> type) {
        worker.registerActivitiesImplementations(planAccess, backups, records, restoreAccess, docker, loadBalancer);
        env.start();
        return client.newWorkflowStub(
                type,
                WorkflowOptions.newBuilder()
                        .setWorkflowId("access-test")
                        .setTaskQueue(worker.getTaskQueue())
                        .build());
    }

    private void refuse() {
        when(planAccess.check(any())).thenThrow(ApplicationFailure.newNonRetryableFailure(REFUSAL, "PathRefused"));
    }

    /** Lets the check through, and stops the run at its first effect: what ran before it is what counts. */
    private void allowUntilFirstEffect() {
        when(planAccess.check(any())).thenReturn("allowed");
        ApplicationFailure stop = ApplicationFailure.newNonRetryableFailure("stopped by the test", "Test");
        when(backups.dump(any())).thenThrow(stop);
        when(backups.newest(any())).thenThrow(stop);
        when(backups.whole(any())).thenThrow(stop);
    }

    private static String messages(Throwable failure) {
        List<String> messages = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            messages.add(cause.getMessage());
        }
        return String.join(" | ", messages);
    }

    @Test
    void backupChecksEveryHostItsBastionAndTheDatabaseBeforeTheDump(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        allowUntilFirstEffect();
        BackupWorkflow backup = start(env, worker, client, BackupWorkflow.class);

        assertThatThrownBy(() -> backup.backup(REQUEST)).isInstanceOf(WorkflowFailedException.class);

        InOrder order = inOrder(planAccess, backups);
        order.verify(planAccess)
                .check(argThat(access -> access.project().equals("shop")
                        && access.hosts().contains(WEB2)
                        && access.hosts().get(0).jump().equals(BASTION)
                        && access.secrets().contains("SHOP_DB_PASSWORD")
                        && access.database().equals(DATABASE)));
        order.verify(backups).dump(any());
    }

    @Test
    void aRefusedBackupDumpsNothingAndPrunesNothing(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        refuse();
        BackupWorkflow backup = start(env, worker, client, BackupWorkflow.class);

        assertThatThrownBy(() -> backup.backup(REQUEST))
                .isInstanceOfSatisfying(
                        WorkflowFailedException.class,
                        e -> assertThat(messages(e)).contains(REFUSAL));
        verifyNoInteractions(backups, records);
    }

    @Test
    void drillChecksBeforeItLooksForABackup(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        allowUntilFirstEffect();
        DrillWorkflow drill = start(env, worker, client, DrillWorkflow.class);

        assertThatThrownBy(() -> drill.drill(REQUEST)).isInstanceOf(WorkflowFailedException.class);

        InOrder order = inOrder(planAccess, backups);
        order.verify(planAccess).check(argThat(access -> access.hosts().contains(WEB2)));
        order.verify(backups).newest(any());
    }

    @Test
    void aRefusedDrillRestoresNothingAndRecordsNothing(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        refuse();
        DrillWorkflow drill = start(env, worker, client, DrillWorkflow.class);

        assertThatThrownBy(() -> drill.drill(REQUEST))
                .isInstanceOfSatisfying(
                        WorkflowFailedException.class,
                        e -> assertThat(messages(e)).contains(REFUSAL, "refused"));
        verifyNoInteractions(backups, records, restoreAccess);
    }

    @Test
    void restoreChecksThePlansEnvironmentBeforeItsPreflight(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        allowUntilFirstEffect();
        RestoreWorkflow restore = start(env, worker, client, RestoreWorkflow.class);

        assertThatThrownBy(() -> restore.restore(new RestoreOrder(TestPlans.shop(2), "demo", "shop-demo-b1", "tester")))
                .isInstanceOf(WorkflowFailedException.class);

        InOrder order = inOrder(planAccess, backups);
        order.verify(planAccess)
                .check(argThat(access -> access.project().equals("shop")
                        && access.environment().equals("demo")
                        && access.database() != null));
        order.verify(backups).whole(any());
    }

    @Test
    void aRefusedRestoreTouchesNoDatabaseNorTraffic(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        refuse();
        RestoreWorkflow restore = start(env, worker, client, RestoreWorkflow.class);

        assertThatThrownBy(() -> restore.restore(new RestoreOrder(TestPlans.shop(2), "demo", "shop-demo-b1", "tester")))
                .isInstanceOfSatisfying(
                        WorkflowFailedException.class,
                        e -> assertThat(messages(e)).contains(REFUSAL, "nothing needed undoing"));
        verifyNoInteractions(backups, docker, loadBalancer, restoreAccess);
    }
}
