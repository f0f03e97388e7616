package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.access.AllowedPaths;
import io.relman.docker.ContainerNames;
import io.relman.docker.CreateReplicaRequest;
import io.relman.docker.DockerActivities;
import io.relman.docker.DockerActivitiesImpl;
import io.relman.docker.DockerClients;
import io.relman.docker.ReplicaContainer;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A retried replica activity on the real engine: the worker died between creating the new container
 * and joining it to the old one's second network. The retry must finish that work, not only start it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReplicaRetryIT {
    private static final String NAME = "relman-retry-app";
    private static final String FIRST = "relman-retry-front";
    private static final String SECOND = "relman-retry-metrics";
    private static final String IMAGE = "relman/bookworm:base";
    private static final String STEP = "release-retry-test/run-1/app/1";

    private final DockerClient docker = DockerClients.fromEnvironment();

    @AfterEach
    void removeIt() {
        E2eRuntime.run(
                "bash",
                "-c",
                "docker rm -f " + NAME + " " + ContainerNames.kept(NAME) + " >/dev/null 2>&1; docker network rm "
                        + FIRST + " " + SECOND + " >/dev/null 2>&1; true");
    }

    @Test
    void aReplicaCreatedBeforeTheWorkerDiedIsJoinedToTheNetworksItMissedWhenTheActivityIsRetried() {
        removeIt();
        // The old replica, on two networks with an alias on each, stopped and kept as relman keeps it.
        E2eRuntime.run("docker", "network", "create", FIRST);
        E2eRuntime.run("docker", "network", "create", SECOND);
        E2eRuntime.run(
                "docker",
                "run",
                "-d",
                "--name",
                NAME,
                "--network",
                FIRST,
                "--network-alias",
                "app",
                IMAGE,
                "sleep",
                "infinity");
        E2eRuntime.run("docker", "network", "connect", "--alias", "app-metrics", SECOND, NAME);
        E2eRuntime.run("docker", "stop", "-t", "0", NAME);
        E2eRuntime.run("docker", "rename", NAME, ContainerNames.kept(NAME));
        // What the dead attempt left: this step's new container, created on the first network only.
        E2eRuntime.run(
                "docker",
                "create",
                "--name",
                NAME,
                "--network",
                FIRST,
                "--label",
                ContainerNames.LABEL_STEP + "=" + STEP,
                IMAGE,
                "sleep",
                "infinity");

        TestActivityEnvironment activities = TestActivityEnvironment.newInstance();
        try {
            activities.registerActivitiesImplementations(new DockerActivitiesImpl(
                    E2eRuntime.localEngines(docker),
                    new SecretResolver(name -> null, List.of()),
                    AllowedPaths.of(List.of())));
            DockerActivities stub = activities.newActivityStub(DockerActivities.class, RelmanActivityOptions.quick());
            ReplicaContainer retried = stub.createReplica(new CreateReplicaRequest(
                    Host.LOCAL,
                    NAME,
                    IMAGE,
                    STEP,
                    FIRST,
                    Map.of(),
                    Map.of(),
                    Map.of(ContainerNames.LABEL_STEP, STEP),
                    null));

            InspectContainerResponse after = docker.inspectContainerCmd(NAME).exec();
            System.out.println("E2E replica retry: " + NAME + " is on "
                    + after.getNetworkSettings().getNetworks().keySet() + ", running "
                    + after.getState().getRunning());
            assertThat(retried.containerId()).isEqualTo(after.getId());
            assertThat(after.getState().getRunning()).isTrue();
            assertThat(after.getNetworkSettings().getNetworks()).containsKeys(FIRST, SECOND);
            assertThat(after.getNetworkSettings().getNetworks().get(SECOND).getAliases())
                    .contains("app-metrics");
        } finally {
            activities.close();
        }
    }
}
