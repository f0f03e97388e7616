package io.relman.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.HealthCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** healthcheck.failures counts answers in a row that are not 2xx, after the start period, and nothing else. */
@Timeout(10)
class FailureStreakTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void withoutFailuresOnlyTheDeadlineDecides() {
        FailureStreak streak = new FailureStreak(check(null, null));

        for (int probe = 0; probe < 50; probe++) {
            assertThat(streak.probed("503", Duration.ofSeconds(probe))).isEmpty();
        }
    }

    @Test
    void nAnswersInARowThatAreNot2xxCallItBroken() {
        FailureStreak streak = new FailureStreak(check(3, null));

        assertThat(streak.probed("503", SECOND)).isEmpty();
        assertThat(streak.probed("500", SECOND)).isEmpty();
        assertThat(streak.probed("503", SECOND))
                .contains("it answered HTTP 503 3 times in a row (healthcheck.failures: 3)");
    }

    @Test
    void aProbeWithoutAnAnswerIsNotCounted() {
        FailureStreak streak = new FailureStreak(check(2, null));

        assertThat(streak.probed("000", SECOND))
                .as("connection refused: still starting")
                .isEmpty();
        assertThat(streak.probed("", SECOND)).isEmpty();
        assertThat(streak.probed("503", SECOND)).isEmpty();
        assertThat(streak.probed("000", SECOND)).isEmpty();
        assertThat(streak.probed("503", SECOND)).isPresent();
    }

    @Test
    void answersWithinTheStartPeriodDoNotCount() {
        FailureStreak streak = new FailureStreak(check(2, Duration.ofSeconds(5)));

        for (int second = 0; second < 5; second++) {
            assertThat(streak.probed("503", Duration.ofSeconds(second))).isEmpty();
        }
        assertThat(streak.probed("503", Duration.ofSeconds(5))).isEmpty();
        assertThat(streak.probed("503", Duration.ofSeconds(6)))
                .contains("it answered HTTP 503 2 times in a row (healthcheck.failures: 2, counted after"
                        + " start_period 5.0 s)");
    }

    @Test
    void anAnswerThatIs2xxEndsTheStreak() {
        FailureStreak streak = new FailureStreak(check(2, null));

        assertThat(streak.probed("503", SECOND)).isEmpty();
        assertThat(streak.probed("204", SECOND)).isEmpty();
        assertThat(streak.probed("503", SECOND)).isEmpty();
        assertThat(streak.probed("503", SECOND)).isPresent();
    }

    private static HealthCheck check(Integer failures, Duration startPeriod) {
        return new HealthCheck(
                "/health",
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                failures,
                startPeriod);
    }
}
