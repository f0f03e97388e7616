package io.relman.backup;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.database.DumpRequest;
import io.relman.database.RestoreAccessActivities;
import io.relman.database.RestoreRequest;
import io.relman.database.RestoredBackup;
import io.relman.database.StoredBackup;
import io.relman.docker.DockerActivities;
import io.relman.docker.EngineStatus;
import io.relman.nginx.LoadBalancerActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;

/**
 * The Restore saga's mocked activities (mocks without annotations): the backup shop-demo-b1 to restore, an
 * engine with room for it, and a backup of what it replaces that succeeds. The restore itself is the test's.
 */
final class RestoreMocks {
    static final DatabaseFingerprint FINGERPRINT = new DatabaseFingerprint("s", Map.of("items", 3L));
    /** What the restore access check says of a role without CREATEDB. */
    static final String ROLE_MAY_NOT_CREATE_DATABASES =
            "the database role \"shop\" may not create databases, which restoring a backup needs (relman restores"
                    + " into a scratch database and swaps it in): grant it with ALTER ROLE shop CREATEDB; or give relman"
                    + " a role that may in the plan's database.admin_user and admin_password_env";

    final BackupActivities backups = mock(BackupActivities.class, withSettings().withoutAnnotations());
    final DockerActivities docker = mock(DockerActivities.class, withSettings().withoutAnnotations());
    final LoadBalancerActivities loadBalancer =
            mock(LoadBalancerActivities.class, withSettings().withoutAnnotations());
    final RestoreAccessActivities restoreAccess =
            mock(RestoreAccessActivities.class, withSettings().withoutAnnotations());

    RestoreMocks() {
        BackupFile b1 = backupFile("shop-demo-b1", "/b/b1.dump", "ab", null);
        when(backups.whole(any())).thenReturn(new StoredBackup(b1, 0, List.of()));
        when(backups.sizeOf(any(), any())).thenReturn(1000L);
        when(docker.checkEngine(any())).thenReturn(new EngineStatus("20.10", "/var/lib/docker", 1L << 40, false));
        when(backups.dump(any()))
                .thenAnswer(call -> backupFile(
                        call.<DumpRequest>getArgument(0).backupId(), "/b/s.dump", "cd", "release-shop-demo"));
    }

    /** What the restore of shop-demo-b1 reports: its rows are those of the backup. */
    static RestoredBackup restored(RestoreRequest request) {
        return new RestoredBackup("shop-demo-b1", 300, FINGERPRINT, request.asideDatabase());
    }

    private static BackupFile backupFile(String id, String path, String sha256, String releaseId) {
        return new BackupFile(id, path, 10, sha256, 5, FINGERPRINT, "shop", "dev", releaseId, 0);
    }

    /** Registers the mocks, starts the test server and returns a stub of the restore under its release id. */
    RestoreWorkflow start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        worker.registerActivitiesImplementations(
                backups, docker, loadBalancer, restoreAccess, new AllowingPlanAccess());
        env.start();
        return client.newWorkflowStub(
                RestoreWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId("release-shop-demo")
                        .setTaskQueue(worker.getTaskQueue())
                        .build());
    }
}
