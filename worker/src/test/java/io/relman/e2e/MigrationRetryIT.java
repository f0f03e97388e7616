package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.relman.database.MigrationActivities;
import io.relman.database.MigrationActivitiesImpl;
import io.relman.database.MigrationOutcome;
import io.relman.database.MigrationRequest;
import io.relman.docker.DockerClients;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.RelmanActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A migration activity retried on the real engine after its worker died: the command runs once, whatever
 * the dead attempt left. And an abort stops the command before the undo may start.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MigrationRetryIT {
    private static final String NAME = "relman-migration-retry";
    private static final String NETWORK = "relman-migration-retry-net";
    private static final String IMAGE = "relman/bookworm:base";

    private final DockerClient docker = DockerClients.fromEnvironment();
    private TestActivityEnvironment activities;
    private MigrationActivities migration;

    @BeforeEach
    void startActivities() {
        removeIt();
        E2eRuntime.run("docker", "network", "create", NETWORK);
        activities = TestActivityEnvironment.newInstance();
        activities.registerActivitiesImplementations(new MigrationActivitiesImpl(
                E2eRuntime.localEngines(docker), new SecretResolver(name -> null, List.of())));
        migration = activities.newActivityStub(MigrationActivities.class, RelmanActivityOptions.migration());
    }

    @AfterEach
    void removeIt() {
        if (activities != null) {
            activities.close();
        }
        E2eRuntime.run(
                "bash",
                "-c",
                "docker rm -f " + NAME + " >/dev/null 2>&1; docker network rm " + NETWORK + " >/dev/null 2>&1; true");
    }

    private static MigrationRequest request(String... command) {
        return new MigrationRequest(
                Host.LOCAL, NAME, IMAGE, NETWORK, List.of(command), Map.of(), Map.of(), Map.of(), null, null, null);
    }

    private String state() {
        try {
            return docker.inspectContainerCmd(NAME).exec().getState().getStatus();
        } catch (NotFoundException gone) {
            return "gone";
        }
    }

    @Test
    void aContainerCreatedButNeverStartedIsStartedNotReadAsDone() {
        // The dead attempt created the container and died before starting it: its exit code reads 0.
        E2eRuntime.run("docker", "create", "--name", NAME, "--network", NETWORK, IMAGE, "sh", "-c", "echo migrated");

        MigrationOutcome outcome = migration.run(request("sh", "-c", "echo migrated"));

        System.out.println("E2E migration retry (created, never started): output "
                + outcome.outputTail().strip());
        assertThat(outcome.outputTail()).contains("migrated");
        assertThat(state()).isEqualTo("exited");
    }

    @Test
    void aContainerThatRanIsReadNotRunAgainAndStaysUntilRemoved() {
        // The dead attempt's command ran to its end; the worker died before the result was recorded.
        E2eRuntime.run("docker", "run", "--name", NAME, "--network", NETWORK, IMAGE, "sh", "-c", "echo ran once");
        String startedAt = docker.inspectContainerCmd(NAME).exec().getState().getStartedAt();

        MigrationOutcome outcome = migration.run(request("sh", "-c", "echo ran once"));

        System.out.println(
                "E2E migration retry (ran): output " + outcome.outputTail().strip());
        assertThat(outcome.outputTail().lines().filter("ran once"::equals)).hasSize(1);
        assertThat(docker.inspectContainerCmd(NAME).exec().getState().getStartedAt())
                .as("not started again")
                .isEqualTo(startedAt);

        migration.remove(Host.LOCAL, NAME);
        migration.remove(Host.LOCAL, NAME);
        assertThat(state()).isEqualTo("gone");
    }

    @Test
    void anAbortStopsAndRemovesTheRunningCommandBeforeTheActivityReturns() throws Exception {
        CompletableFuture<Throwable> running =
                CompletableFuture.supplyAsync(() -> catchThrowable(() -> migration.run(request("sleep", "300"))));
        Wait.until("the migration runs", Duration.ofSeconds(30), () -> state().equals("running"));

        activities.requestCancelActivity();
        Throwable failure = running.get(30, TimeUnit.SECONDS);

        System.out.println("E2E migration abort: " + failure);
        assertThat(failure).isInstanceOfAny(ActivityFailure.class, CanceledFailure.class);
        assertThat(state())
                .as("the command is stopped and its container removed before the undo can start")
                .isEqualTo("gone");
    }
}
