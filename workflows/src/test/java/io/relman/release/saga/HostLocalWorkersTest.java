package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.EngineCheck;
import io.relman.release.DeployWorkflow;
import io.relman.release.TestPlans.Shop;
import io.relman.temporal.HostRouting;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * A host with a worker of its own (h2, task queue relman-h2): with HostRouting on the workers, every
 * activity that acts on h2 goes to h2's worker, and nothing of h2 to the shared one.
 */
@Timeout(30)
class HostLocalWorkersTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(DeployWorkflowImpl.class)
            .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                    .setWorkerInterceptors(new HostRouting())
                    .build())
            .setDoNotStart(true)
            .build();

    private final StackMocks shared = new StackMocks();
    private final StackMocks onSecondHost = new StackMocks();

    @Test
    void everyActivityOnTheHostGoesToItsOwnWorker(TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        shared.register(worker);
        onSecondHost.register(env.newWorker("relman-h2"));
        env.start();

        workflow.deploy(new Shop()
                .withoutMigration()
                .spreadOver(Duration.ZERO, "h1", "h2")
                .withWorkerOn("h2")
                .deploy("v2"));

        ArgumentCaptor<CreateReplicaRequest> onShared = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(shared.docker, atLeastOnce()).createReplica(onShared.capture());
        assertThat(onShared.getAllValues())
                .extracting(CreateReplicaRequest::container)
                .containsExactly("shop-demo-app-1", "shop-demo-app-3");
        ArgumentCaptor<CreateReplicaRequest> onOwn = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(onSecondHost.docker).createReplica(onOwn.capture());
        assertThat(onOwn.getValue().container()).isEqualTo("shop-demo-app-2");
        ArgumentCaptor<EngineCheck> checked = ArgumentCaptor.forClass(EngineCheck.class);
        verify(onSecondHost.docker).checkEngine(checked.capture());
        assertThat(checked.getValue().host().name()).isEqualTo("h2");
        verify(shared.docker, org.mockito.Mockito.never())
                .checkEngine(org.mockito.ArgumentMatchers.argThat(
                        check -> check.host().name().equals("h2")));
        verify(onSecondHost.loadBalancer, org.mockito.Mockito.never()).applyUpstream(any());
    }
}
