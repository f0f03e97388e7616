package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.relman.database.DumpRequest;
import io.relman.database.MigrationRequest;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.CreateReplicaRequest.PublishedPort;
import io.relman.docker.EngineCheck;
import io.relman.docker.ReplicaQuery;
import io.relman.health.HealthProbeRequest;
import io.relman.health.HealthReport;
import io.relman.nginx.UpstreamUpdate;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.TestPlans.Shop;
import io.relman.saga.Compensation;
import io.relman.temporal.FailureType;
import io.relman.temporal.TestWorkflows;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;

/**
 * The shop's replicas over two SSH hosts (app-1 and app-3 on h1 with nginx and the database, app-2 on
 * h2): host by host, each request sent to the host that runs the replica, nginx and the probes pointed at
 * the port each replica publishes on its host's address, and an undo that covers both hosts.
 */
@Timeout(30)
class SpreadOverHostsTest {
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflows.extension(DeployWorkflowImpl.class);

    private final StackMocks stack = new StackMocks();
    private final Shop shop = new Shop().withoutMigration().spreadOver(Duration.ofSeconds(10), "h1", "h2");

    @Test
    void replicasAreReplacedHostByHostOnTheirOwnHostsAndReachedWhereTheyPublish(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(shop.deploy("v2"));

        ArgumentCaptor<CreateReplicaRequest> created = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(stack.docker, atLeastOnce()).createReplica(created.capture());
        assertThat(created.getAllValues())
                .extracting(
                        request -> request.container(),
                        request -> request.host().name(),
                        CreateReplicaRequest::publish)
                .containsExactly(
                        tuple("shop-demo-app-1", "h1", new PublishedPort("10.0.0.1", 18300, 8000)),
                        tuple("shop-demo-app-3", "h1", new PublishedPort("10.0.0.1", 18301, 8000)),
                        tuple("shop-demo-app-2", "h2", new PublishedPort("10.0.0.2", 18300, 8000)));
        ArgumentCaptor<EngineCheck> checked = ArgumentCaptor.forClass(EngineCheck.class);
        verify(stack.docker, atLeastOnce()).checkEngine(checked.capture());
        assertThat(checked.getAllValues())
                .extracting(check -> check.host().name())
                .containsExactly("h1", "h2");
        ArgumentCaptor<ReplicaQuery> inspected = ArgumentCaptor.forClass(ReplicaQuery.class);
        verify(stack.docker, atLeastOnce()).inspectReplicas(inspected.capture());
        assertThat(inspected.getAllValues().get(0))
                .isEqualTo(new ReplicaQuery(
                        shop.plan().environments().get(0).hosts().get("h1"),
                        List.of(
                                "shop-demo-app-1",
                                "shop-demo-app-3",
                                "shop-demo-app-1-previous",
                                "shop-demo-app-3-previous")));
        assertThat(probes())
                .containsExactly(
                        tuple("http://10.0.0.1:18300/health", "h1", "h1"),
                        tuple("http://10.0.0.1:18301/health", "h1", "h1"),
                        tuple("http://10.0.0.2:18300/health", "h1", "h2"));
        assertThat(stack.upstreams.get(stack.upstreams.size() - 1))
                .containsExactly("10.0.0.1:18300", "10.0.0.2:18300", "10.0.0.1:18301");
        ArgumentCaptor<UpstreamUpdate> routed = ArgumentCaptor.forClass(UpstreamUpdate.class);
        verify(stack.loadBalancer, atLeastOnce()).applyUpstream(routed.capture());
        assertThat(routed.getAllValues())
                .extracting(update -> update.host().name())
                .containsOnly("h1");
        assertThat(workflow.progress().events())
                .extracting(ReleaseEvent::message)
                .contains("every replica of app on h1 is healthy; waiting 10 s, then on to h2");
    }

    @Test
    void twoHostsAtOnceReplaceTheirReplicasTogetherAndNginxAlwaysKeepsOne(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // app-1 (h1) is created only once app-2 (h2) is being created: the hosts run together.
        CountDownLatch secondHostStarted = new CountDownLatch(1);
        doAnswer(call -> {
                    CreateReplicaRequest request = call.getArgument(0);
                    if (request.container().equals("shop-demo-app-2")) {
                        secondHostStarted.countDown();
                    } else if (request.container().equals("shop-demo-app-1")) {
                        assertThat(secondHostStarted.await(10, TimeUnit.SECONDS))
                                .as("app-2 on h2 created while app-1 on h1 is")
                                .isTrue();
                    }
                    return stack.create(request);
                })
                .when(stack.docker)
                .createReplica(any());
        stack.start(env, worker);

        workflow.deploy(new Shop()
                .withoutMigration()
                .spreadOver(Duration.ofSeconds(10), "h1", "h2")
                .hostsAtOnce(2)
                .deploy("v2"));

        ArgumentCaptor<CreateReplicaRequest> created = ArgumentCaptor.forClass(CreateReplicaRequest.class);
        verify(stack.docker, atLeastOnce()).createReplica(created.capture());
        assertThat(created.getAllValues())
                .extracting(CreateReplicaRequest::container)
                .containsExactlyInAnyOrder("shop-demo-app-1", "shop-demo-app-2", "shop-demo-app-3");
        assertThat(stack.upstreams)
                .as("nginx always has a replica to send to")
                .allSatisfy(servers -> assertThat(servers).isNotEmpty());
        assertThat(stack.upstreams.get(stack.upstreams.size() - 1))
                .containsExactlyInAnyOrder("10.0.0.1:18300", "10.0.0.2:18300", "10.0.0.1:18301");
        assertThat(workflow.progress().events())
                .extracting(ReleaseEvent::message)
                .noneMatch(message -> message.contains("on to"));
    }

    @Test
    void aFailureOnOneOfTwoHostsAtOnceLetsTheOtherFinishItsReplicaAndUndoesBoth(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        // app-2 never gets healthy on h2; app-1's probe on h1 answers once app-2's has failed.
        CountDownLatch secondHostFailed = new CountDownLatch(1);
        AtomicBoolean firstHostProbed = new AtomicBoolean();
        doAnswer(call -> {
                    HealthProbeRequest probe = call.getArgument(0);
                    if (probe.replica().equals("shop-demo-app-2") && secondHostFailed.getCount() > 0) {
                        secondHostFailed.countDown();
                        throw ApplicationFailure.newNonRetryableFailure(
                                "shop-demo-app-2 never answered /health", "HealthCheckFailed");
                    }
                    if (probe.replica().equals("shop-demo-app-1") && firstHostProbed.compareAndSet(false, true)) {
                        assertThat(secondHostFailed.await(10, TimeUnit.SECONDS)).isTrue();
                        Thread.sleep(500); // for the workflow to have the failure before this answer
                    }
                    return new HealthReport(probe.replica(), 1, 100);
                })
                .when(stack.health)
                .awaitHealthy(any());
        stack.start(env, worker);

        ReleaseFailure failure = DeployWorkflowTest.deployFailure(
                workflow,
                new Shop()
                        .withoutMigration()
                        .spreadOver(Duration.ZERO, "h1", "h2")
                        .hostsAtOnce(2)
                        .deploy("v2"));

        verify(stack.docker, never())
                .createReplica(argThat(request -> request.container().equals("shop-demo-app-3")));
        assertThat(failure.compensations())
                .extracting(Compensation::action)
                .containsExactlyInAnyOrder("put shop-demo-app-1 back on v1", "put shop-demo-app-2 back on v1");
        assertThat(failure.compensations())
                .allSatisfy(undo -> assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE));
    }

    @Test
    void aDatabaseOnAHostOfItsOwnIsCheckedAndDumpedThereWhileTheMigrationRunsOnTheEnvironmentsHost(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(new Shop()
                .spreadOver(Duration.ZERO, "h1", "h2")
                .databaseOn("h3")
                .deploy("v2"));

        ArgumentCaptor<DumpRequest> dumped = ArgumentCaptor.forClass(DumpRequest.class);
        verify(stack.backups).dump(dumped.capture());
        assertThat(dumped.getValue().host().name()).isEqualTo("h3");
        ArgumentCaptor<MigrationRequest> migrated = ArgumentCaptor.forClass(MigrationRequest.class);
        verify(stack.migration, atLeastOnce()).run(migrated.capture());
        assertThat(migrated.getAllValues())
                .as("the migration reaches the database as the replicas do (PGHOST), from the environment's host")
                .extracting(request -> request.host().name())
                .containsOnly("h1");
        ArgumentCaptor<EngineCheck> checked = ArgumentCaptor.forClass(EngineCheck.class);
        verify(stack.docker, atLeastOnce()).checkEngine(checked.capture());
        assertThat(checked.getAllValues())
                .extracting(check -> check.host().name())
                .containsExactly("h1", "h2", "h3");
    }

    @Test
    void nginxOnAHostOfItsOwnGetsTheUpstreamsAndProbesFromThereEveryReplicaWhereItPublishes(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.start(env, worker);

        workflow.deploy(shop.loadBalancerOn("h2").deploy("v2"));

        ArgumentCaptor<UpstreamUpdate> routed = ArgumentCaptor.forClass(UpstreamUpdate.class);
        verify(stack.loadBalancer, atLeastOnce()).applyUpstream(routed.capture());
        assertThat(routed.getAllValues())
                .extracting(update -> update.host().name())
                .containsOnly("h2");
        assertThat(probes())
                .containsExactly(
                        tuple("http://10.0.0.1:18300/health", "h2", "h1"),
                        tuple("http://10.0.0.1:18301/health", "h2", "h1"),
                        tuple("http://10.0.0.2:18300/health", "h2", "h2"));
    }

    @Test
    void aHostLostMidReleaseIsNamedAndTheOtherHostIsRestoredWithoutWaitingOnTheLostOne(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        org.mockito.Mockito.doThrow(FailureType.HOST_UNREACHABLE.failure(
                        "host h2 (deployer@10.0.0.2) does not answer over SSH (Connection refused)", "h2"))
                .when(stack.docker)
                .stopAndKeep(org.mockito.ArgumentMatchers.argThat(
                        request -> request != null && request.host().name().equals("h2")));
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(shop.deploy("v2")));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-2 back on v1", Compensation.Outcome.FAILED),
                        tuple("put shop-demo-app-3 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE));
        assertThat(failure.compensations().get(0).message())
                .startsWith(
                        "host h2 (deployer@10.0.0.2) was lost during the release: shop-demo-app-2 is left as it is");
        verify(stack.docker, org.mockito.Mockito.never())
                .restoreReplica(org.mockito.ArgumentMatchers.argThat(
                        request -> request.host().name().equals("h2")));
        assertThat(failure.differences())
                .containsExactly("shop-demo-app-2 on h2 was not compared: the host was lost during the release");
        assertThat(failure.fullyUndone()).isFalse();
        assertThat(stack.upstreams.get(stack.upstreams.size() - 1))
                .as("the lost host's replica is out of nginx; the first host's are back")
                .containsExactly("10.0.0.1:18300", "10.0.0.1:18301");
    }

    @Test
    void aReplicaThatFailsOnTheSecondHostIsUndoneAndSoAreTheFirstHostsReplicas(
            TestWorkflowEnvironment env, Worker worker, DeployWorkflow workflow) {
        stack.firstProbeFailsOn("shop-demo-app-2");
        stack.start(env, worker);

        ReleaseFailure failure = StackMocks.failureOf(() -> workflow.deploy(shop.deploy("v2")));

        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-demo-app-2 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-demo-app-3 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-demo-app-1 back on v1", Compensation.Outcome.DONE));
        verify(stack.docker)
                .restoreReplica(org.mockito.ArgumentMatchers.argThat(
                        request -> request.container().equals("shop-demo-app-2")
                                && request.host().name().equals("h2")));
        assertThat(stack.upstreams.get(stack.upstreams.size() - 1))
                .containsExactly("10.0.0.1:18300", "10.0.0.2:18300", "10.0.0.1:18301");
        verify(stack.docker, atLeastOnce()).restoreReplica(any());
    }

    /** Each health probe the release waited on: its URL, the host it ran from, the host of the replica. */
    private List<org.assertj.core.groups.Tuple> probes() {
        ArgumentCaptor<HealthProbeRequest> probed = ArgumentCaptor.forClass(HealthProbeRequest.class);
        verify(stack.health, atLeastOnce()).awaitHealthy(probed.capture());
        return probed.getAllValues().stream()
                .map(probe -> tuple(
                        probe.url(),
                        probe.host().name(),
                        probe.engineOfReplica().name()))
                .toList();
    }
}
