package io.relman.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.HealthCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A watched replica is broken after N failed probes in a row, silence included; a 2xx starts the count again. */
@Timeout(10)
class MonitorStreakTest {
    @Test
    void threeFailedProbesInARowWhenFailuresIsNotGiven() {
        MonitorStreak streak = new MonitorStreak(watched(null));

        assertThat(streak.probed("503", "HTTP 503")).isEmpty();
        assertThat(streak.probed("503", "HTTP 503")).isEmpty();
        assertThat(streak.probed("503", "HTTP 503")).contains("3 probes in a row failed (last: HTTP 503)");
    }

    @Test
    void noAnswerCountsAsAFailureOnceItServed() {
        MonitorStreak streak = new MonitorStreak(watched(2));

        assertThat(streak.probed("000", "connection refused")).isEmpty();
        assertThat(streak.probed("000", "timed out")).contains("2 probes in a row failed (last: timed out)");
    }

    @Test
    void aProbeThatDidNotRunNeitherCountsNorStartsTheCountAgain() {
        MonitorStreak streak = new MonitorStreak(watched(2));

        assertThat(streak.probed("503", "HTTP 503")).isEmpty();
        for (int exec = 0; exec < 5; exec++) {
            assertThat(streak.probed("", "docker exec failed")).isEmpty();
        }
        assertThat(streak.probed("503", "HTTP 503")).isPresent();
    }

    @Test
    void anAnswer2xxStartsTheCountAgain() {
        MonitorStreak streak = new MonitorStreak(watched(2));

        for (int round = 0; round < 20; round++) {
            assertThat(streak.probed("503", "HTTP 503")).isEmpty();
            assertThat(streak.probed("200", "HTTP 200")).isEmpty();
        }
        assertThat(streak.probed("502", "HTTP 502")).isEmpty();
        assertThat(streak.probed("504", "HTTP 504")).isPresent();
    }

    private static HealthCheck watched(Integer failures) {
        return new HealthCheck(
                "/health",
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                failures,
                null,
                Duration.ofSeconds(20));
    }
}
