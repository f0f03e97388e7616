package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.relman.docker.ReplicaQuery;
import io.relman.docker.ReplicaState;
import io.relman.plan.ReleaseStep;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseOutcome;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The undo's last checks, the comparison with before and the history record, cannot lose the report: a
 * failure of either is a line of it, and the run still ends with the release's own failure and every undo
 * step.
 */
@Timeout(30)
class UndoReportKeptTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();
    /** The run's progress events, once it ended. */
    private List<String> events;

    private ReleaseFailure failedDeploy(TestWorkflowEnvironment env, Worker worker) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v2"));
        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Void.class));
        events = run.progress().events().stream().map(ReleaseEvent::message).toList();
        return failure;
    }

    /** The engine answers the pre-flight (which also asks for the kept copies), not the undo's comparison. */
    private void theUndosComparisonFails(ApplicationFailure failure) {
        doAnswer(call -> {
                    List<String> names = call.<ReplicaQuery>getArgument(0).containers();
                    if (names.stream().noneMatch(name -> name.endsWith("-previous"))) {
                        throw failure;
                    }
                    return names.stream()
                            .map(name -> stack.engine.getOrDefault(name, ReplicaState.absent(name)))
                            .toList();
                })
                .when(stack.docker)
                .inspectReplicas(any());
    }

    private static void everyUndoStepIsListed(ReleaseFailure failure) {
        assertThat(failure.step()).isEqualTo(ReleaseStep.ROLLOUT);
        assertThat(failure.reason()).contains("shop-demo-app-2 did not become healthy");
        assertThat(failure.compensations())
                .extracting(Compensation::action)
                .anyMatch(action -> action.contains("shop-demo-app-2"))
                .anyMatch(action -> action.contains("shop-demo-app-1"));
        assertThat(failure.compensations()).extracting(Compensation::step).contains(ReleaseStep.MIGRATE);
        assertThat(failure.compensations()).extracting(Compensation::outcome).containsOnly(Compensation.Outcome.DONE);
    }

    @Test
    void aComparisonThatFailsIsALineOfTheReportAndTheReleaseIsStillRecorded(
            TestWorkflowEnvironment env, Worker worker) {
        theUndosComparisonFails(
                ApplicationFailure.newNonRetryableFailure("permission denied on /var/run/docker.sock", "DockerDenied"));

        ReleaseFailure failure = failedDeploy(env, worker);

        everyUndoStepIsListed(failure);
        String line = "could not compare the stack with before: permission denied on /var/run/docker.sock";
        assertThat(failure.differences()).containsExactly(line);
        assertThat(failure.compared()).isFalse();
        assertThat(failure.comparedWith()).isNull();
        assertThat(failure.fullyUndone()).isFalse();
        assertThat(failure.recordFailed()).isNull();
        verify(stack.releases)
                .record(argThat(r -> r.outcome() == ReleaseOutcome.FAILED
                        && r.failure().contains("shop-demo-app-2 did not become healthy")
                        && r.compensations().equals(failure.compensations())));
        assertThat(events).contains(line).noneMatch(event -> event.contains("every change was undone"));
        assertThat(events.get(events.size() - 1))
                .endsWith("release recorded as failed; the undo could NOT be checked, see above");
    }

    @Test
    void aRecordThatStillFailsAfterItsRetriesIsALineOfTheReportThatPointsAtTheRun(
            TestWorkflowEnvironment env, Worker worker) {
        doThrow(new IllegalStateException("could not record release release-shop-demo: Connection refused"))
                .when(stack.releases)
                .record(any());

        ReleaseFailure failure = failedDeploy(env, worker);

        everyUndoStepIsListed(failure);
        // Retried as every quick activity is, then given up.
        verify(stack.releases, times(5)).record(any());
        assertThat(failure.differences()).isEmpty();
        assertThat(failure.fullyUndone()).isTrue();
        assertThat(failure.recordFailed())
                .startsWith("the history record failed (could not record release release-shop-demo: Connection"
                        + " refused): `relman history` does not list this run; see it in Temporal's Web UI,"
                        + " workflow release-shop-demo, run ");
        assertThat(events).contains(failure.recordFailed());
        assertThat(events.get(events.size() - 1))
                .startsWith("release NOT recorded in relman's history (see above); every change was undone");
    }

    @Test
    void bothFailingStillEndsWithTheReleasesFailureAndEveryUndoStep(TestWorkflowEnvironment env, Worker worker) {
        theUndosComparisonFails(ApplicationFailure.newNonRetryableFailure("engine gone", "DockerDenied"));
        doThrow(ApplicationFailure.newNonRetryableFailure("relman's database is read-only", "RecordRefused"))
                .when(stack.releases)
                .record(any());

        ReleaseFailure failure = failedDeploy(env, worker);

        everyUndoStepIsListed(failure);
        assertThat(failure.differences()).containsExactly("could not compare the stack with before: engine gone");
        assertThat(failure.recordFailed()).startsWith("the history record failed (relman's database is read-only)");
    }
}
