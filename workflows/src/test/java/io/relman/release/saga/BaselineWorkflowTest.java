package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.docker.ContainerNames;
import io.relman.docker.ReplicaState;
import io.relman.plan.Host;
import io.relman.release.AdoptedBaseline;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseActivities;
import io.relman.release.ReleaseKind;
import io.relman.release.ReleaseOutcome;
import io.relman.release.ReleaseRecord;
import io.relman.release.RollbackRequest;
import io.relman.release.RollbackWorkflow;
import io.relman.release.TestPlans;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The adopted baseline: the first release on a stack relman did not make hands what ran before it to the
 * record, and a rollback returns to it with the images and the backup that release recorded.
 */
@Timeout(30)
class BaselineWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow =
            TestWorkflows.extension(DeployWorkflowImpl.class, RollbackWorkflowImpl.class);

    /** The tag the stack ran before relman, as docker-compose made it. */
    private static final String BEFORE_RELMAN = "relman/shop-app:2.2.15";

    private static final String BEFORE_RELMAN_ID = StackMocks.imageIdOf(BEFORE_RELMAN);

    private final StackMocks stack = new StackMocks();

    private void composeMade(String image) {
        stack.engine.clear();
        for (int index = 1; index <= 3; index++) {
            String name = "shop-demo-app-" + index;
            stack.replica(name, StackMocks.state(name, image, true));
        }
    }

    private void relmanMade(String version) {
        stack.engine.clear();
        for (int index = 1; index <= 3; index++) {
            String name = "shop-demo-app-" + index;
            ReplicaState plain = StackMocks.state(name, "relman/shop-app:" + version, true);
            stack.replica(
                    name,
                    new ReplicaState(
                            name,
                            true,
                            true,
                            plain.imageId(),
                            plain.image(),
                            plain.imageRepositories(),
                            version,
                            Map.of(
                                    ContainerNames.LABEL_PROJECT, "shop",
                                    ContainerNames.LABEL_ENVIRONMENT, "demo",
                                    ContainerNames.LABEL_SERVICE, "app"),
                            false));
        }
    }

    private static <T> T stub(TestWorkflowEnvironment env, Worker worker, Class<T> type) {
        return env.getWorkflowClient()
                .newWorkflowStub(
                        type,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .setWorkflowId("release-shop-demo")
                                .build());
    }

    /** The records given to the worker, in order. */
    private static List<ReleaseRecord> recorded(ReleaseActivities releases, int times) {
        ArgumentCaptor<ReleaseRecord> records = ArgumentCaptor.forClass(ReleaseRecord.class);
        verify(releases, times(times)).record(records.capture());
        return records.getAllValues();
    }

    @Test
    void theFirstReleaseOnAStackRelmanDidNotMakeHandsWhatRanBeforeItToTheRecord(
            TestWorkflowEnvironment env, Worker worker) {
        composeMade(BEFORE_RELMAN);
        stack.start(env, worker);

        stub(env, worker, DeployWorkflow.class).deploy(TestPlans.deploy(3, "v1"));

        ReleaseRecord first = recorded(stack.releases, 1).get(0);
        assertThat(first.outcome()).isEqualTo(ReleaseOutcome.SUCCEEDED);
        assertThat(first.adopted())
                .isEqualTo(new AdoptedBaseline(Map.of("app", "2.2.15"), Map.of("app", BEFORE_RELMAN_ID)));
        assertThat(first.adopted().releaseVersion()).isEqualTo("2.2.15");
        assertThat(first.backup()).as("the backup the baseline points at").isNotNull();
    }

    @Test
    void aReleaseOnReplicasRelmanMadeAdoptsNothing(TestWorkflowEnvironment env, Worker worker) {
        relmanMade("v1");
        stack.start(env, worker);

        stub(env, worker, DeployWorkflow.class).deploy(TestPlans.deploy(3, "v2"));

        assertThat(recorded(stack.releases, 1).get(0).adopted()).isNull();
    }

    @Test
    void aFailedFirstReleaseAdoptsNothingItsUndoPutTheStackBack(TestWorkflowEnvironment env, Worker worker) {
        composeMade(BEFORE_RELMAN);
        stack.firstProbeFailsOn("shop-demo-app-2");
        stack.start(env, worker);

        StackMocks.failureOf(() -> stub(env, worker, DeployWorkflow.class).deploy(TestPlans.deploy(3, "v1")));

        ReleaseRecord failed = recorded(stack.releases, 1).get(0);
        assertThat(failed.outcome()).isEqualTo(ReleaseOutcome.FAILED);
        assertThat(failed.adopted()).isNull();
    }

    @Test
    void aRollbackToTheBaselineRunsItsImageByIdAndRestoresTheBackupTheFirstReleaseTook(
            TestWorkflowEnvironment env, Worker worker) {
        composeMade(BEFORE_RELMAN);
        // Since the first release, the tag is gone (pruned, retagged); the image is still there by its id.
        when(stack.docker.imageId(Host.LOCAL, BEFORE_RELMAN)).thenReturn(null);
        stack.start(env, worker);
        stub(env, worker, DeployWorkflow.class).deploy(TestPlans.deploy(3, "v1"));
        ReleaseRecord first = recorded(stack.releases, 1).get(0);

        // What relman rollback --restore-db sends after the first release (RollbackTarget, from the records).
        stub(env, worker, RollbackWorkflow.class)
                .rollback(new RollbackRequest(
                        TestPlans.deploy(3, first.adopted().releaseVersion()),
                        "v1",
                        first.backup(),
                        first.adopted().images()));

        verify(stack.docker, times(3)).createReplica(argThat(c -> c.image().equals(BEFORE_RELMAN_ID)));
        verify(stack.backups).restore(argThat(r -> r.backup().equals(first.backup())));
        verify(stack.migration, times(1)).run(any()); // the first release's up-migration only
        ReleaseRecord rollback = recorded(stack.releases, 2).get(1);
        assertThat(rollback.kind()).isEqualTo(ReleaseKind.ROLLBACK);
        assertThat(rollback.version()).isEqualTo("2.2.15");
        assertThat(rollback.outcome()).isEqualTo(ReleaseOutcome.SUCCEEDED);
        assertThat(rollback.images()).isEqualTo(Map.of("app", BEFORE_RELMAN_ID));
        assertThat(rollback.adopted()).as("only a deploy adopts").isNull();
    }

    @Test
    void aRollbackToTheBaselineWithoutRestoreDbRunsTheFirstReleasesMigrationDown(
            TestWorkflowEnvironment env, Worker worker) {
        stack.running("v1", 3);
        stack.start(env, worker);

        stub(env, worker, RollbackWorkflow.class)
                .rollback(new RollbackRequest(
                        TestPlans.deploy(3, "2.2.15"), "v1", null, Map.of("app", BEFORE_RELMAN_ID)));

        verify(stack.migration)
                .run(argThat(m -> m.image().equals("relman/shop-app:v1")
                        && m.command().equals(List.of("/app/migrate", "down", "2.2.15"))));
        verify(stack.docker, times(3)).createReplica(argThat(c -> c.image().equals("relman/shop-app:2.2.15")));
        verify(stack.backups, never()).restore(any());
    }
}
