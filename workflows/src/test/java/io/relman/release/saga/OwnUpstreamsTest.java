package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.relman.nginx.UpstreamOwnership;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans;
import io.relman.temporal.FailureType;
import io.relman.temporal.TestWorkflows;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/** The pre-flight asks nginx whether the upstreams relman writes are its own before anything changes. */
@Timeout(30)
class OwnUpstreamsTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();

    @Test
    void thePreflightAsksNginxAboutTheUpstreamsOfThePlanBeforeTheFirstChange(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(TestPlans.deploy(3, "v2"));

        InOrder order = inOrder(stack.loadBalancer, stack.backups, stack.docker);
        order.verify(stack.loadBalancer)
                .requireOwnUpstreams(new UpstreamOwnership(
                        Host.LOCAL, new LoadBalancer("shop-demo-lb", null, null, null), List.of("app")));
        order.verify(stack.backups).dump(any());
        order.verify(stack.docker).stopAndKeep(any());
    }

    @Test
    void anUpstreamDefinedInAnotherFileRefusesTheReleaseBeforeAnythingChanges(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        String refusal = "nginx in shop-demo-lb loads upstream app from /etc/nginx/conf.d/old.conf, and relman writes"
                + " it to /etc/nginx/relman/app.conf, which nginx would refuse as a duplicate upstream: move"
                + " `upstream app {...}` out of /etc/nginx/conf.d/old.conf into /etc/nginx/relman/app.conf, ..."
                + " Then release again. Nothing was changed.";
        doThrow(FailureType.PREFLIGHT_FAILED.failure(refusal))
                .when(stack.loadBalancer)
                .requireOwnUpstreams(any());
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(TestPlans.deploy(3, "v2")));

        assertThat(failure.reason()).contains(refusal);
        assertThat(failure.compensations()).isEmpty();
        verify(stack.backups, never()).dump(any());
        verify(stack.docker, never()).stopAndKeep(any());
        verify(stack.loadBalancer, never()).applyUpstream(any());
    }
}
