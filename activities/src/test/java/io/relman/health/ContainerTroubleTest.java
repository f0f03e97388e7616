package io.relman.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A new replica that the engine already calls broken is broken at once, with its exit code. */
@Timeout(10)
class ContainerTroubleTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void aRunningContainerThatHasNotRestartedIsNoTrouble() throws Exception {
        assertThat(ContainerTrouble.of(container(true, false, false, 0, 0), 0)).isEmpty();
    }

    @Test
    void anExitedContainerIsBrokenWithItsExitCode() throws Exception {
        assertThat(ContainerTrouble.of(container(false, false, false, 3, 0), 0))
                .contains("its container exited (exit code 3)");
    }

    @Test
    void aContainerThatCrashLoopsUnderItsRestartPolicyIsBrokenWhileItWaitsToRestart() throws Exception {
        // Docker shows such a container as running and restarting at once.
        assertThat(ContainerTrouble.of(container(true, true, false, 1, 2), 0))
                .contains("its container crashed (exit code 1) and its restart policy is starting it again"
                        + " (2 restart(s))");
    }

    @Test
    void aContainerRestartedBetweenTwoLooksIsBroken() throws Exception {
        InspectContainerResponse restartedOnce = container(true, false, false, 1, 1);

        assertThat(ContainerTrouble.of(restartedOnce, 1)).as("as first seen").isEmpty();
        assertThat(ContainerTrouble.of(restartedOnce, 0, () -> OptionalLong.of(78)))
                .as("its exit code from its die event: inspect says 0 once it runs again")
                .contains("its container crashed (exit code 78) and was restarted 1 time(s) while relman probed it");
        assertThat(ContainerTrouble.of(restartedOnce, 0))
                .contains("its container crashed and was restarted 1 time(s) while relman probed it");
    }

    @Test
    void anOomKilledContainerSaysSo() throws Exception {
        assertThat(ContainerTrouble.of(container(false, false, true, 137, 0), 0))
                .contains("its container exited (exit code 137; the kernel killed it for lack of memory (OOM))");
    }

    private static InspectContainerResponse container(
            boolean running, boolean restarting, boolean oomKilled, int exitCode, int restarts) throws Exception {
        String state = "{\"Running\": " + running + ", \"Restarting\": " + restarting + ", \"OOMKilled\": " + oomKilled
                + ", \"ExitCode\": " + exitCode + ", \"StartedAt\": \"2026-12-07T10:00:00Z\"}";
        return JSON.readValue(
                "{\"Name\": \"/shop-ci-app-1\", \"RestartCount\": " + restarts + ", \"State\": " + state + "}",
                InspectContainerResponse.class);
    }
}
