package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.relman.database.DumpRequest;
import io.relman.database.MigrationOutcome;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * An undo says the stack is back only from what it measures afterwards: the engine's replicas, nginx's
 * upstream files (against what the pre-flight read) and the database's schema (against the backup taken
 * before the migration); what differs is named.
 */
@Timeout(30)
class UndoMeasuredTest {
    private static final String APP_CONF = "/etc/nginx/relman/app.conf";
    private static final List<String> THREE =
            List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000", "shop-demo-app-3:8000");
    private static final String EVERYTHING = "the engine, nginx's upstream files and the database's schema";

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();
    /** The run's progress events, once it ended. */
    private List<String> events;

    @BeforeEach
    void nginxServesTheThreeReplicas() {
        // As an earlier release left it: another generation, the same servers.
        stack.nginxHas(APP_CONF, FakeNginx.upstreamFile("app", THREE, "earlier-run-7"));
    }

    private ReleaseFailure failedDeploy(TestWorkflowEnvironment env, Worker worker, String version) {
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, version));
        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Void.class));
        events = run.progress().events().stream().map(ReleaseEvent::message).toList();
        return failure;
    }

    @Test
    void anUndoMeasuredAsBeforeEverywhereIsFullyUndoneAndSaysWhatWasCompared(
            TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");

        ReleaseFailure failure = failedDeploy(env, worker, "v2");

        // nginx's file was rewritten (a new generation) with the same servers: as before.
        assertThat(stack.nginx.files.get(APP_CONF))
                .doesNotContain("earlier-run-7")
                .contains("shop-demo-app-2:8000");
        verify(stack.loadBalancer, times(2))
                .read(argThat(q ->
                        q.files().equals(List.of(APP_CONF)) && q.container().equals("shop-demo-lb")));
        assertThat(failure.differences()).isEmpty();
        assertThat(failure.comparedWith()).isEqualTo(EVERYTHING);
        assertThat(failure.fullyUndone()).isTrue();
        assertThat(events.get(events.size() - 1))
                .endsWith("every change was undone: compared with " + EVERYTHING + ", the stack is as the"
                        + " pre-flight saw it");
    }

    @Test
    void anUndoThatLeavesTheSchemaOtherThanBeforeNamesTheDatabase(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        // The down-migration exits 0 but leaves the schema as the up-migration made it.
        doReturn(new MigrationOutcome(0, "nothing to do", 5))
                .when(stack.migration)
                .run(argThat(m -> m != null && m.command().contains("down")));

        ReleaseFailure failure = failedDeploy(env, worker, "v2");

        assertThat(failure.compensations()).extracting(Compensation::outcome).containsOnly(Compensation.Outcome.DONE);
        assertThat(failure.differences())
                .containsExactly("the schema of the database shop is not the one it had before the release (backup"
                        + " " + backupId() + ", taken before the migration, holds that one)");
        assertThat(failure.fullyUndone()).isFalse();
        assertThat(events).contains("NOT as before: " + failure.differences().get(0));
        assertThat(events.get(events.size() - 1)).endsWith("some changes could NOT be undone, see above");
    }

    @Test
    void anUndoThatLeavesAnUpstreamFileOtherThanBeforeNamesTheFile(TestWorkflowEnvironment env, Worker worker) {
        // The user's own file: a keepalive that relman's rewrite of the upstream does not keep.
        stack.nginxHas(
                APP_CONF,
                "upstream app {\n  server shop-demo-app-1:8000;\n  server shop-demo-app-2:8000;\n"
                        + "  server shop-demo-app-3:8000;\n  keepalive 16;\n}\n");
        stack.firstProbeFailsOn("shop-demo-app-2");

        ReleaseFailure failure = failedDeploy(env, worker, "v2");

        assertThat(failure.compensations()).extracting(Compensation::outcome).containsOnly(Compensation.Outcome.DONE);
        assertThat(failure.differences())
                .containsExactly("nginx's " + APP_CONF + " is not as before the release: it no longer has"
                        + " `upstream app { keepalive 16; }`");
        assertThat(failure.fullyUndone()).isFalse();
        assertThat(events).contains("NOT as before: " + failure.differences().get(0));
    }

    /** The id of the backup the run took before it migrated. */
    private String backupId() {
        ArgumentCaptor<DumpRequest> dump = ArgumentCaptor.forClass(DumpRequest.class);
        verify(stack.backups).dump(dump.capture());
        return dump.getValue().backupId();
    }
}
