package io.relman.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker's replica is up by its image's HEALTHCHECK, or, without one, by the time it has run. */
@Timeout(10)
class UpStateTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:30Z");
    private static final Duration MIN_UPTIME = Duration.ofSeconds(10);

    @Test
    void withoutAHealthcheckItIsUpOnceItHasRunTheMinimumUptime() throws Exception {
        assertThat(UpState.of(container(true, "2026-11-26T10:00:25Z", null), MIN_UPTIME, NOW))
                .isEqualTo(UpState.NOT_YET);
        assertThat(UpState.of(container(true, "2026-11-26T10:00:15Z", null), MIN_UPTIME, NOW))
                .isEqualTo(UpState.UP);
    }

    @Test
    void itsImagesHealthcheckDecidesWhenItHasOne() throws Exception {
        assertThat(UpState.of(container(true, "2026-11-26T09:00:00Z", "starting"), MIN_UPTIME, NOW))
                .isEqualTo(UpState.NOT_YET);
        assertThat(UpState.of(container(true, "2026-11-26T10:00:29Z", "healthy"), MIN_UPTIME, NOW))
                .isEqualTo(UpState.UP);
        assertThat(UpState.of(container(true, "2026-11-26T09:00:00Z", "unhealthy"), MIN_UPTIME, NOW))
                .isEqualTo(UpState.DOWN);
    }

    @Test
    void anExitedContainerIsDownAndSaysItsExitCode() throws Exception {
        InspectContainerResponse exited = container(false, "2026-11-26T10:00:00Z", null);

        assertThat(UpState.of(exited, MIN_UPTIME, NOW)).isEqualTo(UpState.DOWN);
        assertThat(UpState.why(exited)).isEqualTo("its container is not running (exit code 3)");
    }

    private static InspectContainerResponse container(boolean running, String startedAt, String health)
            throws Exception {
        String state = "{\"Running\": " + running + ", \"ExitCode\": " + (running ? 0 : 3) + ", \"StartedAt\": \""
                + startedAt + "\"" + (health == null ? "" : ", \"Health\": {\"Status\": \"" + health + "\"}") + "}";
        return JSON.readValue(
                "{\"Name\": \"/shop-worker-1\", \"RestartCount\": 0, \"State\": " + state + "}",
                InspectContainerResponse.class);
    }
}
