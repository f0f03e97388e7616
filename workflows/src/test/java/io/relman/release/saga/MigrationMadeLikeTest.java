package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import io.relman.database.MigrationRequest;
import io.relman.release.DeployWorkflow;
import io.relman.release.MigrationWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The migration runs as the app runs: every migration request names the replica its container is made
 * like, the first the pre-flight found running, and a first deploy names none (the plan alone). The
 * choice comes from the pre-flight, so it adds no command to the run.
 */
@Timeout(30)
class MigrationMadeLikeTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.extension(DeployWorkflowImpl.class, MigrationWorkflowImpl.class, RollbackWorkflowImpl.class);

    private static final String MADE_LIKE_APP_1 = "(in a container made like shop-demo-app-1)";
    private static final String PLAN_ALONE = "(from the plan alone: no replica runs)";

    private final StackMocks stack = new StackMocks();

    private List<MigrationRequest> migrations() {
        ArgumentCaptor<MigrationRequest> requests = ArgumentCaptor.forClass(MigrationRequest.class);
        verify(stack.migration, atLeastOnce()).run(requests.capture());
        return requests.getAllValues();
    }

    private static List<String> messages(DeployWorkflow run) {
        return run.progress().events().stream().map(ReleaseEvent::message).toList();
    }

    @Test
    void aDeployMigratesInAContainerMadeLikeTheFirstRunningReplica(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v2"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(migrations()).singleElement().satisfies(request -> {
            assertThat(request.madeLike()).isEqualTo("shop-demo-app-1");
            assertThat(request.env()).containsEntry("PGHOST", "shop-demo-db");
            assertThat(request.secretEnv()).containsEntry("PGPASSWORD", "SHOP_DB_PASSWORD");
        });
        assertThat(messages(run)).contains("migrating up: /app/migrate up " + MADE_LIKE_APP_1);
    }

    @Test
    void aFirstDeployMigratesFromThePlanAlone(TestWorkflowEnvironment env, Worker worker) {
        stack.running("v1", 0);
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v1"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(migrations()).singleElement().satisfies(request -> {
            assertThat(request.madeLike()).isNull();
            assertThat(request.network()).isEqualTo("shop-demo");
        });
        assertThat(messages(run)).contains("migrating up: /app/migrate up " + PLAN_ALONE);
    }

    @Test
    void theUndosDownMigrationIsMadeLikeTheSameReplica(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v3-broken"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(ReleaseResult.class));

        assertThat(migrations())
                .extracting(request -> request.command().get(1), MigrationRequest::madeLike)
                .containsExactly(tuple("up", "shop-demo-app-1"), tuple("down", "shop-demo-app-1"));
        assertThat(failure.compensations())
                .filteredOn(undo -> undo.action().startsWith("migrate app down"))
                .singleElement()
                .satisfies(undo -> {
                    assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE);
                    assertThat(undo.message()).endsWith(MADE_LIKE_APP_1);
                });
    }

    @Test
    void aMigrationAloneIsMadeLikeTheFirstRunningReplica(TestWorkflowEnvironment env, Worker worker) {
        stack.start(env, worker);
        MigrationWorkflow workflow = env.getWorkflowClient()
                .newWorkflowStub(
                        MigrationWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .build());

        workflow.migrate(TestPlans.deploy(2, "v2"));

        assertThat(migrations()).extracting(MigrationRequest::madeLike).containsExactly("shop-demo-app-1");
    }

    @Test
    void aRollbacksDownMigrationIsMadeLikeTheFirstReplicaOfTheNewerRelease(TestWorkflowEnvironment env, Worker worker) {
        stack.running("v2", 2);
        stack.start(env, worker);
        RollbackWorkflow workflow = env.getWorkflowClient()
                .newWorkflowStub(
                        RollbackWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .build());

        workflow.rollback(new RollbackRequest(TestPlans.deploy(2, "v1"), "v2", null, null));

        assertThat(migrations()).singleElement().satisfies(request -> {
            assertThat(request.command()).containsExactly("/app/migrate", "down", "v1");
            assertThat(request.image()).isEqualTo("relman/shop-app:v2");
            assertThat(request.madeLike()).isEqualTo("shop-demo-app-1");
        });
    }
}
