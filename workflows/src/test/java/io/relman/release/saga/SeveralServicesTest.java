package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.relman.health.HealthReport;
import io.relman.health.UpCheck;
import io.relman.nginx.UpstreamUpdate;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseRequest;
import io.relman.release.ReleaseResult;
import io.relman.release.ReplacedReplica;
import io.relman.saga.Compensation;
import io.relman.temporal.TestWorkflows;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stack relman did not make the plan for in one service: a web service and a queue worker without a
 * port, both built elsewhere (by CI), and no database. Each service's replicas go through its own
 * upstream (or none), in the plan's order; the undo runs in reverse across services.
 */
@Timeout(30)
class SeveralServicesTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();
    /** Every upstream update, as upstream name, file and servers. */
    private final List<UpstreamUpdate> updates = new ArrayList<>();

    private void start(TestWorkflowEnvironment env, Worker worker) {
        stack.engine.clear();
        running("web", 2);
        running("worker", 2);
        doAnswer(call -> updates.add(call.getArgument(0)))
                .when(stack.loadBalancer)
                .applyUpstream(any());
        stack.start(env, worker);
    }

    /** {@code count} replicas of {@code service} run v1, named as compose v1 names them: stack_web_1. */
    private void running(String service, int count) {
        IntStream.rangeClosed(1, count)
                .mapToObj(n -> "stack_" + service + "_" + n)
                .forEach(name -> stack.replica(name, StackMocks.state(name, "acme/" + service + ":v1", true)));
    }

    @Test
    void eachServiceIsReleasedThroughItsOwnUpstreamAndTheWorkerWithoutAny(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        start(env, worker);

        ReleaseResult result = workflow.deploy(request());

        verify(stack.docker).imageId(Host.LOCAL, "acme/web:v2");
        verify(stack.docker).imageId(Host.LOCAL, "acme/worker:v2");
        verify(stack.docker, never()).buildImage(any());
        verifyNoInteractions(stack.backups, stack.migration);
        assertThat(updates)
                .extracting(UpstreamUpdate::upstream, UpstreamUpdate::configFile)
                .containsOnly(tuple("web", "/etc/nginx/relman/web.conf"));
        assertThat(updates).extracting(UpstreamUpdate::servers).contains(List.of("stack_web_2:8080"));
        verify(stack.health)
                .awaitUp(
                        new UpCheck(Host.LOCAL, "stack_worker_1", Duration.ofSeconds(5), HealthCheck.DEFAULT_DEADLINE));
        verify(stack.health, never()).checkNow(argThat(probe -> probe.replica().contains("worker")));
        assertThat(result.replicas())
                .extracting(ReplacedReplica::container)
                .containsExactly("stack_web_1", "stack_web_2", "stack_worker_1", "stack_worker_2");
        assertThat(result.images()).containsOnlyKeys("web", "worker");
    }

    @Test
    void aWorkerThatDoesNotComeUpIsUndoneAndSoIsTheServiceReleasedBeforeIt(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // The new stack_worker_2 never comes up; the old one, put back, does.
        AtomicInteger looks = new AtomicInteger();
        doAnswer(call -> {
                    if (looks.incrementAndGet() == 1) {
                        throw ApplicationFailure.newNonRetryableFailure("stack_worker_2 is not up", "ReplicaUnhealthy");
                    }
                    return new HealthReport("stack_worker_2", 1, 10_000);
                })
                .when(stack.health)
                .awaitUp(argThat(check -> check != null && check.container().equals("stack_worker_2")));
        start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(request()));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put stack_worker_2 back on v1", Compensation.Outcome.DONE),
                        tuple("put stack_worker_1 back on v1", Compensation.Outcome.DONE),
                        tuple("put stack_web_2 back on v1", Compensation.Outcome.DONE),
                        tuple("put stack_web_1 back on v1", Compensation.Outcome.DONE));
        assertThat(updates).extracting(UpstreamUpdate::upstream).containsOnly("web");
        assertThat(updates.get(updates.size() - 1).servers()).containsExactly("stack_web_1:8080", "stack_web_2:8080");
    }

    private static ReleaseRequest request() {
        Service web = new Service(
                "web",
                "acme/web",
                null,
                2,
                8080,
                Map.of(),
                Map.of(),
                new HealthCheck("/ping", Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(20)),
                null,
                null,
                List.of(),
                UpdateOrder.STOP_FIRST,
                null,
                "{project}_{service}_{n}",
                null,
                null,
                null,
                null,
                null);
        Service queue = new Service(
                "worker",
                "acme/worker",
                null,
                2,
                null,
                Map.of(),
                Map.of(),
                null,
                null,
                null,
                List.of(),
                UpdateOrder.STOP_FIRST,
                null,
                "{project}_{service}_{n}",
                null,
                Duration.ofSeconds(5),
                null,
                null,
                null);
        Environment prod = new Environment(
                "prod",
                Environment.LOCAL_HOST,
                Map.of(),
                null,
                "stack",
                new LoadBalancer("stack-lb", null, null, null),
                null,
                Map.of(),
                null,
                Environment.DEFAULT_MIN_FREE_DISK_BYTES,
                null,
                null,
                null);
        return new ReleaseRequest(
                new Plan("stack.yml", "stack", List.of(prod), List.of(web, queue)), "prod", "v2", "tester@host");
    }
}
