package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.relman.database.DatabaseFingerprint;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * An undo restores the backup taken before the migration only when the database's schema is not the
 * backup's: a migration that failed having changed nothing leaves nothing to restore, and a restore would
 * lose the rows written since (and may need a privilege the role lacks).
 */
@Timeout(30)
class NoNeedlessRestoreTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();

    @Test
    void aMigrationThatFailedHavingChangedNothingIsNotRestoredAndTheRowsWrittenSinceAreKept(
            TestWorkflowEnvironment env, Worker worker) {
        // The migration could not even connect; rows were written since the backup (5 items, not 3).
        doThrow(ApplicationFailure.newNonRetryableFailure("connection refused on 127.0.0.1:5432", "MigrationFailed"))
                .when(stack.migration)
                .run(any());
        when(stack.fingerprints.current(any()))
                .thenReturn(new DatabaseFingerprint(StackMocks.BEFORE.schemaSha256(), Map.of("items", 5L)));
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v2"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Void.class));

        // Once to decide there is nothing to restore, once more to measure the database after the undo.
        verify(stack.fingerprints, times(2))
                .current(argThat(r -> r.database().name().equals("shop")));
        verify(stack.backups, never()).restore(any());
        assertThat(failure.compensations()).singleElement().satisfies(undo -> {
            assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE);
            assertThat(undo.message())
                    .startsWith("migrate down failed: connection refused on 127.0.0.1:5432; the database is as the"
                            + " backup left it: nothing to restore (its schema is the one backup shop-demo-")
                    .endsWith("holds; the rows written since are kept: items=5)");
        });
        List<String> events =
                run.progress().events().stream().map(ReleaseEvent::message).toList();
        assertThat(events)
                .anyMatch(event -> event.contains("the database is as the backup left it: nothing to restore"));
        // Measured after the undo as well: the schema is the one from before, so the report says all was undone.
        assertThat(failure.differences()).isEmpty();
        assertThat(failure.comparedWith()).endsWith("and the database's schema");
        assertThat(failure.fullyUndone()).isTrue();
    }

    @Test
    void aMigrationThatChangedTheSchemaIsRestoredAfterTheSchemaIsCompared(TestWorkflowEnvironment env, Worker worker) {
        stack.migrationUpFailsHalfWay("0004 failed half-way");
        doThrow(ApplicationFailure.newNonRetryableFailure("0003 cannot be undone", "MigrationFailed"))
                .when(stack.migration)
                .run(argThat(m -> m != null && m.command().contains("down")));
        DeployWorkflow run = stack.startDeploy(env, worker, TestPlans.deploy(3, "v4-bad-migration"));

        ReleaseFailure failure =
                StackMocks.failureOf(() -> WorkflowStub.fromTyped(run).getResult(Void.class));

        InOrder order = inOrder(stack.fingerprints, stack.backups);
        order.verify(stack.fingerprints)
                .current(argThat(r -> r.database().name().equals("shop")));
        order.verify(stack.backups)
                .restore(argThat(r -> r.backup().fingerprint().equals(StackMocks.BEFORE)));
        // After the undo, the schema is measured once more: the restore put it back.
        order.verify(stack.fingerprints).current(any());
        assertThat(failure.differences()).isEmpty();
        assertThat(failure.fullyUndone()).isTrue();
        assertThat(failure.compensations()).singleElement().satisfies(undo -> {
            assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE);
            assertThat(undo.message()).startsWith("migrate down failed: 0003 cannot be undone; restored backup");
        });
    }
}
