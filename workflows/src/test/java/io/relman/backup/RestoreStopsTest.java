package io.relman.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.database.BackupActivities;
import io.relman.database.RestoreAccessActivities;
import io.relman.docker.DockerActivities;
import io.relman.nginx.LoadBalancerActivities;
import io.relman.nginx.UpstreamFile;
import io.relman.nginx.UpstreamFilesQuery;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Service;
import io.relman.release.TestPlans;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What stops a running restore (relman abort, a cancel in the Web UI) and what its undo then puts back,
 * and where the traffic goes back to: what nginx routed before the hold, not the plan's replica names.
 */
@Timeout(30)
class RestoreStopsTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(RestoreWorkflowImpl.class);

    /** The plan says 3 replicas; the third is not deployed yet, so nginx routes 2. */
    private static final RestoreOrder ORDER = new RestoreOrder(TestPlans.shop(3), "demo", "shop-demo-b1", "tester");

    private static final List<String> ROUTED = List.of("shop-demo-app-1:8000", "shop-demo-app-2:8000");

    private final RestoreMocks mocks = new RestoreMocks();
    private final BackupActivities backups = mocks.backups;
    private final DockerActivities docker = mocks.docker;
    private final LoadBalancerActivities loadBalancer = mocks.loadBalancer;
    private final RestoreAccessActivities restoreAccess = mocks.restoreAccess;
    private final List<List<String>> upstreams = new CopyOnWriteArrayList<>();
    /** Where the test holds the run: inside the hold (first upstream write) or inside the restore (the swap). */
    private final CountDownLatch inside = new CountDownLatch(1);

    private final CountDownLatch goOn = new CountDownLatch(1);

    private RestoreWorkflow start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client, boolean inHold) {
        String upstream = ORDER.plan().services().stream()
                .filter(Service::servesTraffic)
                .findFirst()
                .orElseThrow()
                .upstream();
        when(loadBalancer.read(any()))
                .thenAnswer(call -> call.<UpstreamFilesQuery>getArgument(0).files().stream()
                        .map(file -> new UpstreamFile(file, routedText(upstream)))
                        .toList());
        doAnswer(call -> {
                    upstreams.add(call.<UpstreamUpdate>getArgument(0).servers());
                    if (inHold && upstreams.size() == 1) {
                        holdHere();
                    }
                    return null;
                })
                .when(loadBalancer)
                .applyUpstream(any());
        when(backups.restore(any())).thenAnswer(call -> {
            if (!inHold) {
                holdHere();
            }
            return RestoreMocks.restored(call.getArgument(0));
        });
        when(backups.putBack(any())).thenReturn("shop is the database it was before the restore again");
        when(restoreAccess.check(any(), any())).thenReturn("the role may create databases");
        return mocks.start(env, worker, client);
    }

    /** relman's upstream file as nginx has it: two of the plan's three replicas routed. */
    private static String routedText(String upstream) {
        return "# Written by relman; rewritten at every rollout step. Generation g7.\nupstream " + upstream + " {\n"
                + "    server shop-demo-app-1:8000 max_fails=1 fail_timeout=2s;\n"
                + "    server shop-demo-app-2:8000 max_fails=1 fail_timeout=2s;\n}\n"
                + "server {\n    listen 127.0.0.1:8099;\n    server_name " + upstream + ".generation.relman;\n"
                + "    location = /relman/generation { return 200 \"g7\\n\"; }\n}\n";
    }

    private void holdHere() throws InterruptedException {
        inside.countDown();
        assertThat(goOn.await(20, TimeUnit.SECONDS)).isTrue();
    }

    /** Starts the restore, waits until it is inside the step, stops it there, and lets the step finish. */
    private void stopInside(RestoreWorkflow restore, Consumer<WorkflowStub> stop) throws InterruptedException {
        WorkflowClient.start(restore::restore, ORDER);
        assertThat(inside.await(20, TimeUnit.SECONDS)).isTrue();
        stop.accept(WorkflowStub.fromTyped(restore));
        goOn.countDown();
    }

    /** An aborted restore fails with what stopped it; a cancelled one ends cancelled, as Temporal has it. */
    private static void assertStopped(RestoreWorkflow restore, Class<?> ending, String stoppedBy) {
        assertThatThrownBy(() -> WorkflowStub.fromTyped(restore).getResult(RestoreReport.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(ending)
                .hasMessageContaining(stoppedBy);
    }

    @Test
    void aCancelAfterTheSwapPutsTheOldDatabaseBackAndReopensTheTrafficToWhatWasRouted(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
        RestoreWorkflow restore = start(env, worker, client, false);

        stopInside(restore, WorkflowStub::cancel);

        assertStopped(restore, CanceledFailure.class, "canceled");
        verify(backups).putBack(any());
        assertThat(upstreams).containsExactly(List.of(), ROUTED);
    }

    @Test
    void aCancelDuringTheHoldReopensTheTrafficToWhatWasRoutedAndRestoresNothing(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
        RestoreWorkflow restore = start(env, worker, client, true);

        stopInside(restore, WorkflowStub::cancel);

        assertStopped(restore, CanceledFailure.class, "canceled");
        verify(backups, never()).restore(any());
        assertThat(upstreams).containsExactly(List.of(), ROUTED);
    }

    @Test
    void relmanAbortStopsTheRestoreAfterTheSwapAndUndoesIt(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
        RestoreWorkflow restore = start(env, worker, client, false);

        // As relman abort sends it: by name, to whatever runs under release-shop-demo.
        stopInside(restore, run -> run.signal("abort", "ann@ops"));

        assertStopped(restore, ApplicationFailure.class, "aborted by ann@ops before the traffic went back");
        verify(backups).putBack(any());
        assertThat(upstreams).containsExactly(List.of(), ROUTED);
    }

    @Test
    void theTrafficGoesBackToTheServersNginxRoutedNotToThePlansReplicaNames(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        RestoreWorkflow restore = start(env, worker, client, false);
        goOn.countDown();

        restore.restore(ORDER);

        // Not shop-demo-app-3:8000, which the plan names but nginx -t would refuse (not deployed yet).
        assertThat(upstreams).containsExactly(List.of(), ROUTED);
        verify(backups, never()).putBack(any());
    }
}
