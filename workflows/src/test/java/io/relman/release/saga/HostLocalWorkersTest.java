package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.DumpRequest;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.EngineCheck;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans;
import io.relman.release.TestPlans.Shop;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * HostRouting on the workers. A host with a worker of its own (h2, task queue relman-h2): every activity
 * that acts on h2 goes to h2's worker, and nothing of h2 to the shared one. A backup: every step on it goes
 * to the machine whose disk holds it.
 */
@Timeout(30)
class HostLocalWorkersTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.routedByHost(DeployWorkflowImpl.class).build();

    private final StackMocks shared = new StackMocks();
    private final StackMocks onSecondHost = new StackMocks();

    @Test
    void everyActivityOnTheHostGoesToItsOwnWorker(TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        shared.register(worker);
        onSecondHost.register(env.newWorker("relman-h2"));
        env.start();

        workflow.deploy(new Shop()
                .withoutMigration()
                .spreadOver(Duration.ZERO, "h1", "h2")
                .withWorkerOn("h2")
                .deploy("v2"));

        ArgumentCaptor<CreateReplicaRequest> onShared = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(shared.docker, atLeastOnce()).createReplica(onShared.capture());
        assertThat(onShared.getAllValues())
                .extracting(CreateReplicaRequest::container)
                .containsExactly("shop-demo-app-1", "shop-demo-app-3");
        ArgumentCaptor<CreateReplicaRequest> onOwn = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(onSecondHost.docker).createReplica(onOwn.capture());
        assertThat(onOwn.getValue().container()).isEqualTo("shop-demo-app-2");
        ArgumentCaptor<EngineCheck> checked = ArgumentCaptor.forClass(EngineCheck.class);
        verify(onSecondHost.docker).checkEngine(checked.capture());
        assertThat(checked.getValue().host().name()).isEqualTo("h2");
        verify(shared.docker, org.mockito.Mockito.never())
                .checkEngine(org.mockito.ArgumentMatchers.argThat(
                        check -> check.host().name().equals("h2")));
        verify(onSecondHost.loadBalancer, org.mockito.Mockito.never()).applyUpstream(any());
    }

    @Test
    void theUndoRestoresTheBackupOnTheMachineThatTookIt(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // The dump ran on a worker of machine b; the migration then fails both ways, so the undo restores it.
        doAnswer(call -> new BackupFile(
                                call.<DumpRequest>getArgument(0).backupId(),
                                "/var/backups/shop/x.dump",
                                2048,
                                "0123456789abcdef",
                                40,
                                StackMocks.BEFORE,
                                "shop",
                                "dev",
                                call.<DumpRequest>getArgument(0).releaseId(),
                                0)
                        .heldOn("relman-machine-b"))
                .when(shared.backups)
                .dump(any());
        shared.migrationUpFailsHalfWay("0004 failed half-way");
        doThrow(ApplicationFailure.newNonRetryableFailure("0003 cannot be undone", "MigrationFailed"))
                .when(shared.migration)
                .run(argThat(m -> m.command().contains("down")));
        BackupActivities machineB = mock(BackupActivities.class, withSettings().withoutAnnotations());
        when(machineB.restore(any()))
                .thenAnswer(call -> new RestoredBackup(
                        call.<RestoreRequest>getArgument(0).backup().id(),
                        90,
                        StackMocks.BEFORE,
                        call.<RestoreRequest>getArgument(0).asideDatabase()));
        shared.register(worker);
        env.newWorker("relman-machine-b").registerActivitiesImplementations(machineB);
        env.start();

        ReleaseFailure failure = DeployWorkflowTest.deployFailure(workflow, TestPlans.deploy(3, "v4-bad-migration"));

        verify(machineB).restore(argThat(r -> r.backup().machineQueue().equals("relman-machine-b")));
        verify(shared.backups, never()).restore(any());
        assertThat(failure.compensations())
                .singleElement()
                .satisfies(undo -> assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE));
    }
}
