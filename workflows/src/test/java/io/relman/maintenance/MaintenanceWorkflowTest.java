package io.relman.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamFile;
import io.relman.nginx.UpstreamFilesQuery;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Maintenance;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.release.ReleaseEvent;
import io.relman.release.TestPlans;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
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
 * relman maintenance on|off with mocked activities: the page holds each service until it is taken down, and then
 * the traffic goes back to exactly what nginx routed before (not the plan's replicas) and the page is removed,
 * after an abort, a cancel in the Web UI or not at all when the plan has no page.
 */
@Timeout(30)
class MaintenanceWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(MaintenanceWorkflowImpl.class);

    private static final String PAGE = "relman-maintenance-shop-demo:8080";
    /** What nginx routes before the page: not the plan's replica names, which the traffic must not go to. */
    private static final String ROUTED = "shop-demo-app-7:8000";

    private static final List<String> TAKEN_DOWN = List.of(
            "page relman-maintenance-shop-demo",
            "nginx [" + PAGE + "]",
            "nginx [" + ROUTED + "]",
            "page removed: relman-maintenance-shop-demo");

    private final LoadBalancerActivities loadBalancer =
            mock(LoadBalancerActivities.class, withSettings().withoutAnnotations());
    /** Upstream writes and the page's container, in the order they happened. */
    private final List<String> happened = Collections.synchronizedList(new ArrayList<>());

    private final MaintenanceActivities pages =
            PageMocks.recording(happened, PAGE, request -> "page " + request.container());

    MaintenanceWorkflowTest() {
        when(loadBalancer.read(any()))
                .thenAnswer(call -> call.<UpstreamFilesQuery>getArgument(0).files().stream()
                        .map(file -> new UpstreamFile(
                                file, "upstream app {\n    server " + ROUTED + " max_fails=1 fail_timeout=2s;\n}\n"))
                        .toList());
        doAnswer(call -> happened.add(
                        "nginx " + call.<UpstreamUpdate>getArgument(0).servers()))
                .when(loadBalancer)
                .applyUpstream(any());
    }

    private static Plan withPage() {
        return new TestPlans.Shop()
                .replicas(2)
                .maintenance(new Maintenance("<p>back soon</p>", null, Duration.ofSeconds(30)))
                .plan();
    }

    private MaintenanceWorkflow start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        worker.registerActivitiesImplementations(loadBalancer, pages);
        env.start();
        return client.newWorkflowStub(
                MaintenanceWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId("release-shop-demo")
                        .setTaskQueue(worker.getTaskQueue())
                        .build());
    }

    /** Starts the page and returns once it is up. */
    private MaintenanceWorkflow up(TestWorkflowEnvironment env, Worker worker, WorkflowClient client)
            throws InterruptedException {
        MaintenanceWorkflow run = start(env, worker, client);
        WorkflowClient.start(run::maintain, new MaintenanceOrder(withPage(), "demo", "tester", List.of()));
        while (run.progress().percent() < MaintenanceWorkflow.UP_PERCENT) {
            Thread.sleep(20);
        }
        return run;
    }

    @Test
    void thePageHoldsTheTrafficUntilOffSendsItBackToWhatNginxRouted(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws InterruptedException {
        MaintenanceWorkflow run = up(env, worker, client);
        assertThat(happened).containsExactly("page relman-maintenance-shop-demo", "nginx [" + PAGE + "]");
        assertThat(run.progress().lastMessage())
                .isEqualTo("maintenance page up for app: nginx answers the maintenance page (503, Retry-After: 30);"
                        + " relman maintenance off --env demo takes it down");

        run.abort("ann@ops");
        MaintenanceReport report = WorkflowStub.fromTyped(run).getResult(MaintenanceReport.class);

        assertThat(happened).containsExactlyElementsOf(TAKEN_DOWN);
        assertThat(report.services()).containsExactly("app");
        assertThat(report.takenDownBy()).isEqualTo("ann@ops");
        assertThat(run.progress().lastMessage())
                .matches("maintenance page down after \\d+ ms, taken down by ann@ops:"
                        + " the traffic is back where it was");
    }

    @Test
    void aCancelInTheWebUiTakesThePageDownToo(TestWorkflowEnvironment env, Worker worker, WorkflowClient client)
            throws InterruptedException {
        MaintenanceWorkflow run = up(env, worker, client);

        WorkflowStub.fromTyped(run).cancel();

        assertThatThrownBy(() -> WorkflowStub.fromTyped(run).getResult(MaintenanceReport.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(happened).containsExactlyElementsOf(TAKEN_DOWN);
    }

    @Test
    void withoutAPageInThePlanItIsRefusedAndNothingChanges(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        MaintenanceWorkflow run = start(env, worker, client);

        assertThatThrownBy(() -> run.maintain(new MaintenanceOrder(TestPlans.shop(2), "demo", "tester", List.of())))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .hasMessageContaining("environment demo has no maintenance page: add maintenance: (page: a file next"
                        + " to the plan, or text:) under it in");
        verifyNoInteractions(loadBalancer, pages);
        assertThat(run.progress().events()).extracting(ReleaseEvent::step).containsExactly(ReleaseStep.FAILED);
    }

    @Test
    void aServiceWithoutAPortIsRefusedBeforeAnythingChanges() {
        assertThat(new MaintenanceOrder(withPage(), "demo", "tester", List.of("worker")).refusal())
                .hasValue("the plan has no service worker: name one of app, or none for all of them.");
    }
}
