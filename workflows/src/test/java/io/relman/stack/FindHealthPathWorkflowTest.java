package io.relman.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import io.relman.temporal.TestWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** relman init's health path search: one activity on the worker, its answers handed back as they came. */
@Timeout(30)
class FindHealthPathWorkflowTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(FindHealthPathWorkflowImpl.class);

    @Test
    void theWorkersAnswersComeBackInTheOrderThePathsWereTried(
            TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
        StackActivities stack = mock(StackActivities.class, withSettings().withoutAnnotations());
        HealthPathSearch search = new HealthPathSearch("stack-lb", "stack-api-1", 8000, List.of("/health", "/healthz"));
        List<HealthPathSearch.Answer> answers = List.of(
                new HealthPathSearch.Answer("/health", 404, null), new HealthPathSearch.Answer("/healthz", 200, null));
        when(stack.findHealthPath(search)).thenReturn(answers);
        worker.registerActivitiesImplementations(stack);
        env.start();

        List<HealthPathSearch.Answer> found = client.newWorkflowStub(
                        FindHealthPathWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(worker.getTaskQueue())
                                .build())
                .find(search);

        assertThat(found).isEqualTo(answers);
        verify(stack).findHealthPath(search);
    }
}
