package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.relman.database.MigrationOutcome;
import io.relman.maintenance.MaintenanceActivities;
import io.relman.maintenance.PageMocks;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Maintenance;
import io.relman.plan.ServiceMaintenance;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plan's maintenance page over its migration: nginx is pointed at relman's page before the migration and back
 * at the replicas after it; when the migration fails, the page stays up while the database is put back, and
 * comes down last.
 */
@Timeout(30)
class MaintenanceWindowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private static final String PAGE = "relman-maintenance-shop-demo:8080";
    private static final Maintenance OVER_MIGRATE = new Maintenance("<p>back soon</p>", null, Duration.ofSeconds(30));

    private final StackMocks stack = new StackMocks();
    /** Upstream writes, migrations and the page's container, in the order they happened. */
    private final List<String> happened = Collections.synchronizedList(new ArrayList<>());

    private final MaintenanceActivities pages = PageMocks.recording(
            happened,
            PAGE,
            request -> "page " + request.container() + " on " + request.network() + ": " + request.page()
                    + ", Retry-After " + request.retryAfter().toSeconds());

    MaintenanceWindowTest() {
        doAnswer(call -> {
                    stack.upstreams.add(call.<UpstreamUpdate>getArgument(0).servers());
                    return happened.add(
                            "nginx " + call.<UpstreamUpdate>getArgument(0).servers());
                })
                .when(stack.loadBalancer)
                .applyUpstream(any());
    }

    private DeployWorkflow start(TestWorkflowEnvironment env, Worker worker) {
        return start(env, worker, new TestPlans.Shop().replicas(2).maintenance(OVER_MIGRATE));
    }

    private DeployWorkflow start(TestWorkflowEnvironment env, Worker worker, TestPlans.Shop plan) {
        doAnswer(call -> {
                    stack.database.migrated(call.getArgument(0));
                    happened.add("migration");
                    return new MigrationOutcome(0, "ok", 10);
                })
                .when(stack.migration)
                .run(any());
        return startWithMigrationAsMocked(env, worker, plan);
    }

    private DeployWorkflow startWithMigrationAsMocked(TestWorkflowEnvironment env, Worker worker) {
        return startWithMigrationAsMocked(
                env, worker, new TestPlans.Shop().replicas(2).maintenance(OVER_MIGRATE));
    }

    private DeployWorkflow startWithMigrationAsMocked(TestWorkflowEnvironment env, Worker worker, TestPlans.Shop plan) {
        worker.registerActivitiesImplementations(pages);
        return stack.startDeploy(env, worker, plan.deploy("v2"));
    }

    @Test
    void thePageIsUpOnlyWhileTheMigrationRuns(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = start(env, worker);
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(happened.subList(0, 5))
                .containsExactly(
                        "page relman-maintenance-shop-demo on shop-demo: <p>back soon</p>, Retry-After 30",
                        "nginx [" + PAGE + "]",
                        "migration",
                        "nginx [shop-demo-app-1:8000, shop-demo-app-2:8000]",
                        "page removed: relman-maintenance-shop-demo");
        assertThat(happened.subList(5, happened.size())).noneMatch(line -> line.contains("maintenance"));
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .anyMatch(message -> message.equals("maintenance page up for app: nginx answers the maintenance"
                        + " page (503, Retry-After: 30) while migrate runs"))
                .anyMatch(message -> message.matches(
                        "maintenance page down for app after \\d+ ms: the traffic is on the replicas again"));
    }

    @Test
    void aMigrationThatFailsIsUndoneUnderThePageWhichComesDownLast(TestWorkflowEnvironment env, Worker worker) {
        stack.migrationUpFailsHalfWay("alembic: duplicate column");
        DeployWorkflow run = startWithMigrationAsMocked(env, worker);
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE),
                        tuple("take the maintenance page down", Compensation.Outcome.DONE));
        assertThat(happened)
                .containsExactly(
                        "page relman-maintenance-shop-demo on shop-demo: <p>back soon</p>, Retry-After 30",
                        "nginx [" + PAGE + "]",
                        "nginx [shop-demo-app-1:8000, shop-demo-app-2:8000]",
                        "page removed: relman-maintenance-shop-demo");
    }

    @Test
    void aReleaseThatFailsLaterPutsThePageUpAgainWhileItsMigrationIsUndone(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-1");
        DeployWorkflow run = start(env, worker);
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE),
                        tuple("take the maintenance page down", Compensation.Outcome.DONE));
        List<String> undo = happened.subList(happened.lastIndexOf("migration") - 1, happened.size());
        assertThat(undo)
                .containsExactly(
                        "nginx [" + PAGE + "]",
                        "migration",
                        "nginx [shop-demo-app-1:8000, shop-demo-app-2:8000]",
                        "page removed: relman-maintenance-shop-demo");
    }

    @Test
    void aPlanWithoutAMigrationGetsNoPageOverItsEmptyMigrateStep(TestWorkflowEnvironment env, Worker worker) {
        worker.registerActivitiesImplementations(pages);
        DeployWorkflow run = stack.startDeploy(
                env,
                worker,
                new TestPlans.Shop()
                        .replicas(2)
                        .withoutMigration()
                        .maintenance(OVER_MIGRATE)
                        .deploy("v2"));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(happened).noneMatch(line -> line.contains("maintenance"));
    }

    @Test
    void aPageThatFailsToGoUpIsTakenDownByTheUndo(TestWorkflowEnvironment env, Worker worker) {
        doAnswer(call -> {
                    happened.add("page asked for");
                    throw io.temporal.failure.ApplicationFailure.newNonRetryableFailure(
                            "the maintenance page did not answer 503", "PreflightFailed");
                })
                .when(pages)
                .showPage(any());
        DeployWorkflow run = start(env, worker);
        ReleaseFailure failure = DeployWorkflowTest.deployFailure(WorkflowStub.fromTyped(run));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(tuple("take the maintenance page down", Compensation.Outcome.DONE));
        assertThat(happened)
                .containsExactly(
                        "page asked for",
                        "nginx [shop-demo-app-1:8000, shop-demo-app-2:8000]",
                        "page removed: relman-maintenance-shop-demo");
    }

    @Test
    void aServicesOwnPageCoversItsOwnStepsInAContainerOfItsOwn(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = start(
                env,
                worker,
                new TestPlans.Shop()
                        .replicas(2)
                        .maintenance(OVER_MIGRATE)
                        .serviceMaintenance(new ServiceMaintenance("{\"down\": true}", List.of("build"), null)));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        // Its page over the build, with the environment's Retry-After; none over the migration it left out.
        assertThat(happened.subList(0, 4))
                .containsExactly(
                        "page relman-maintenance-shop-demo--app on shop-demo: {\"down\": true}, Retry-After 30",
                        "nginx [" + PAGE + "]",
                        "nginx [shop-demo-app-1:8000, shop-demo-app-2:8000]",
                        "page removed: relman-maintenance-shop-demo--app");
        assertThat(happened.subList(4, happened.size())).noneMatch(line -> line.contains("maintenance"));
        assertThat(run.progress().events())
                .extracting(ReleaseEvent::message)
                .anyMatch(message -> message.equals("maintenance page up for app: nginx answers the maintenance"
                        + " page (503, Retry-After: 30) while build runs"));
    }

    @Test
    void aServiceThatKeepsOffEveryPageGetsNone(TestWorkflowEnvironment env, Worker worker) {
        DeployWorkflow run = start(
                env,
                worker,
                new TestPlans.Shop()
                        .replicas(2)
                        .maintenance(OVER_MIGRATE)
                        .serviceMaintenance(new ServiceMaintenance(null, List.of(), null)));
        WorkflowStub.fromTyped(run).getResult(ReleaseResult.class);

        assertThat(happened).contains("migration").noneMatch(line -> line.contains("maintenance"));
    }
}
