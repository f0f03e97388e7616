package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.relman.docker.DockerActivities;
import io.relman.docker.ReplicaSelector;
import io.relman.plan.Host;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays histories recorded from real runs on the Temporal dev server (exported with
 * {@code temporal workflow show -o json}) against the current code. A change to the workflow's
 * command sequence without {@code Workflow.getVersion} fails here before it breaks running releases.
 */
@Timeout(30)
class DeployWorkflowReplayTest {

    /**
     * Runs of every version of the workflow: before the saga (no pre-flight, no undo) and with it (a
     * success, a broken release undone: replica put back, migration run down; a release aborted by a
     * signal half-way through its rollout) and with the backup (a migration that failed half-way and could
     * not be run down, undone by restoring the backup), with the pre-flight health probes and the endpoint
     * validation, with the engine and disk check, and with the plan's step order (a start-first rollout;
     * a failed migration undone by restoring the backup), and with the plan checked on the worker (a
     * release, a broken one undone, and one started from the temporal CLI with a plan that breaks two rules,
     * refused before any activity), and with the replicas found by name and the stack compared (a release and
     * a broken one undone, of the shop and of a compose stack of three services, one a worker without a port), and
     * with hooks and a maintenance page (the demo's v2: its page over the migration, its warm hook in each replica;
     * v3-cold, whose warm hook fails: undone, the page up again while its migration is run down), and with
     * {@code healthcheck.monitor: 20s} (v2.1, each replica watched; v3-late, broken 10.8 s into replica 1's
     * watch, drained, undone).
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "histories/deploy-v1-to-v2-succeeded.json",
                "histories/deploy-v3-broken-unhealthy.json",
                "histories/saga-deploy-v1-to-v2-succeeded.json",
                "histories/saga-deploy-v3-broken-undone.json",
                "histories/saga-deploy-v1-to-v2-aborted.json",
                "histories/backup-deploy-v4-bad-migration-restored.json",
                "histories/checks-deploy-v1-to-v2-validated.json",
                "histories/engine-deploy-v1-to-v2.json",
                "histories/steps-deploy-v1-to-v2-start-first.json",
                "histories/steps-deploy-v4-bad-migration-restored.json",
                "histories/checked-deploy-v1-to-v2.json",
                "histories/checked-deploy-v3-broken-undone.json",
                "histories/checked-deploy-refused-by-the-plan-check.json",
                "histories/byname-deploy-v1-to-v2.json",
                "histories/byname-deploy-v3-broken-undone.json",
                "histories/byname-deploy-compose-three-services.json",
                "histories/byname-deploy-compose-v3-broken-undone.json",
                "histories/hooks-deploy-v1-to-v2-maintenance-page.json",
                "histories/hooks-deploy-v3-cold-undone-under-the-page.json",
                "histories/monitor-deploy-v2-to-v2.1-watched.json",
                "histories/monitor-deploy-v3-late-undone.json"
            })
    void recordedReleasesReplayWithTheCurrentCode(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(history, DeployWorkflowImpl.class);
    }

    @Test
    void aWorkflowThatSkipsTheBuildIsCaughtAsNonDeterministic() {
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(
                        "histories/deploy-v1-to-v2-succeeded.json", DeployWithoutBuild.class))
                // The replayer reports it inside a query failure; the SDK's non-determinism code is TMPRL1100.
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("TMPRL1100")
                .hasMessageContaining("DockerBuildImage");
    }

    /** What an incompatible change looks like: the first command is no longer the image build. */
    public static class DeployWithoutBuild extends DeployWorkflowImpl {
        @Override
        public ReleaseResult deploy(ReleaseRequest request) {
            Workflow.newActivityStub(DockerActivities.class, RelmanActivityOptions.quick())
                    .runningReplicas(
                            new ReplicaSelector(Host.LOCAL, request.plan().project(), request.environment(), "app"));
            return null;
        }
    }
}
