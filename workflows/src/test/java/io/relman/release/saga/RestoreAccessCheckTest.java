package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.plan.Database;
import io.relman.plan.ReleaseStep;
import io.relman.release.DeployWorkflow;
import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseRequest;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import io.relman.release.TestPlans;
import io.relman.release.TestPlans.Shop;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * A release whose undo may restore a backup is refused before anything changes when the role that would
 * create the restore's scratch database may not; with a role that may (its own, or the plan's admin_user),
 * it goes on.
 */
@Timeout(30)
class RestoreAccessCheckTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.extension(DeployWorkflowImpl.class, MigrationWorkflowImpl.class, RollbackWorkflowImpl.class);

    /** What the activity says about a role without CREATEDB (RestorePrivilegesTest checks its words). */
    private static final String REFUSAL = "the database role \"shop\" may not create databases, which restoring a"
            + " backup needs (relman restores into a scratch database and swaps it in): grant it with ALTER ROLE shop"
            + " CREATEDB; or give relman a role that may in the plan's database.admin_user and admin_password_env";

    private final StackMocks stack = new StackMocks();

    private void roleMayNotCreateDatabases() {
        when(stack.restoreAccess.check(any(), any()))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(REFUSAL, "PreflightFailed"));
    }

    /** Nothing of the stack or the database was touched, and the run is recorded as failed. */
    private void nothingChanged(ReleaseFailure failure, ReleaseKind kind) {
        assertThat(failure.step()).isEqualTo(ReleaseStep.PREFLIGHT);
        assertThat(failure.reason()).contains(REFUSAL);
        assertThat(failure.compensations()).isEmpty();
        assertThat(failure.fullyUndone()).isTrue();
        verify(stack.backups, never()).dump(any());
        verify(stack.backups, never()).restore(any());
        verify(stack.docker, never()).buildImage(any());
        verify(stack.migration, never()).run(any());
        verify(stack.docker, never()).stopAndKeep(any());
        verify(stack.loadBalancer, never()).applyUpstream(any());
        verify(stack.releases).record(argThat(r -> r.kind() == kind && r.outcome() == ReleaseOutcome.FAILED));
    }

    @Test
    void aDeployWithAMigrationIsRefusedBeforeAnyChangeWhenTheRoleMayNotCreateDatabases(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        roleMayNotCreateDatabases();
        DeployWorkflow deploy = stack.start(env, worker, client, DeployWorkflow.class);

        ReleaseFailure failure = StackMocks.failureOf(() -> deploy.deploy(TestPlans.deploy(3, "v2")));

        nothingChanged(failure, ReleaseKind.DEPLOY);
        assertThat(failure.reason()).startsWith("deploy of v2 to demo failed during preflight: ");
    }

    @Test
    void aDeployWithAMigrationGoesOnWhenTheRoleMayAndChecksBeforeTheBackup(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        DeployWorkflow deploy = stack.start(env, worker, client, DeployWorkflow.class);

        deploy.deploy(TestPlans.deploy(3, "v2"));

        InOrder order = inOrder(stack.docker, stack.restoreAccess, stack.backups, stack.migration);
        order.verify(stack.docker).inspectReplicas(any());
        order.verify(stack.restoreAccess)
                .check(argThat(host -> host.local()), argThat(database -> database.adminUser() == null));
        order.verify(stack.backups).dump(any());
        order.verify(stack.migration).run(any());
        assertThat(deploy.progress().events())
                .anySatisfy(event -> assertThat(event.message())
                        .isEqualTo("the database role \"shop\" may create databases and acts as the owner of shop: a"
                                + " restore can create, swap in and drop its scratch database"));
    }

    @Test
    void aDeployGoesOnWithThePlansAdminRoleWhichTheCheckAsksAbout(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        when(stack.restoreAccess.check(
                        any(), argThat(database -> database != null && "shop_admin".equals(database.adminUser()))))
                .thenReturn("the admin role \"shop_admin\" (the plan's database.admin_user) may create databases and"
                        + " acts as the owner of shop: a restore can create, swap in and drop its scratch database");
        when(stack.restoreAccess.check(any(), argThat(database -> database != null && database.adminUser() == null)))
                .thenThrow(ApplicationFailure.newNonRetryableFailure(REFUSAL, "PreflightFailed"));
        DeployWorkflow deploy = stack.start(env, worker, client, DeployWorkflow.class);
        ReleaseRequest request =
                new Shop().databaseAdmin("shop_admin", "SHOP_DB_ADMIN_PASSWORD").deploy("v2");

        deploy.deploy(request);

        verify(stack.restoreAccess)
                .check(
                        any(),
                        argThat((Database database) -> database.adminUser().equals("shop_admin")
                                && database.adminPasswordEnv().equals("SHOP_DB_ADMIN_PASSWORD")));
        verify(stack.backups).dump(any());
        verify(stack.migration).run(any());
        verify(stack.releases)
                .record(argThat(r -> r.kind() == ReleaseKind.DEPLOY && r.outcome() == ReleaseOutcome.SUCCEEDED));
    }

    @Test
    void aDeployWithoutAMigrationRestoresNothingAndDoesNotAsk(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        roleMayNotCreateDatabases();
        DeployWorkflow deploy = stack.start(env, worker, client, DeployWorkflow.class);

        deploy.deploy(new Shop().withoutMigration().deploy("v2"));

        verify(stack.restoreAccess, never()).check(any(), any());
        verify(stack.releases)
                .record(argThat(r -> r.kind() == ReleaseKind.DEPLOY && r.outcome() == ReleaseOutcome.SUCCEEDED));
    }

    @Test
    void aMigrationIsRefusedBeforeAnyChangeWhenTheRoleMayNotCreateDatabases(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        roleMayNotCreateDatabases();
        MigrationWorkflow migration = stack.start(env, worker, client, MigrationWorkflow.class);

        ReleaseFailure failure = StackMocks.failureOf(() -> migration.migrate(TestPlans.deploy(3, "v2")));

        nothingChanged(failure, ReleaseKind.MIGRATION);
    }

    @Test
    void aRollbackThatRestoresTheDatabaseIsRefusedBeforeAnyChangeWhenTheRoleMayNotCreateDatabases(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        stack.running("v2", 2);
        roleMayNotCreateDatabases();
        RollbackWorkflow rollback = stack.start(env, worker, client, RollbackWorkflow.class);
        RollbackRequest request = new RollbackRequest(
                new Shop().withoutMigration().replicas(2).deploy("v1"), "v2", StackMocks.BEFORE_V2, null);

        ReleaseFailure failure = StackMocks.failureOf(() -> rollback.rollback(request));

        nothingChanged(failure, ReleaseKind.ROLLBACK);
        verify(stack.backups, never()).putBack(any());
    }
}
