package io.relman.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.release.TestPlans.Shop;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code healthcheck.monitor}: long enough for its streak to happen, at most an hour, only with a port. */
@Timeout(10)
class MonitorRulesTest {
    static Stream<Arguments> monitors() {
        return Stream.of(
                Arguments.of(watched(null, Duration.ofSeconds(20)), List.of()),
                // 3 x 2 s timeouts + 2 x 1 s intervals: the shortest window in which 3 failed probes fit.
                Arguments.of(watched(null, Duration.ofSeconds(8)), List.of()),
                Arguments.of(
                        watched(null, Duration.ofSeconds(7)),
                        List.of("services/app/healthcheck/monitor: is shorter than 8s, the time 3 failed probes in a"
                                + " row take (failures x timeout + (failures - 1) x interval): a replica could"
                                + " never be called broken in it; make it at least that long")),
                Arguments.of(
                        watched(5, Duration.ofSeconds(13)),
                        List.of("services/app/healthcheck/monitor: is shorter than 14s, the time 5 failed probes in"
                                + " a row take (failures x timeout + (failures - 1) x interval): a replica could"
                                + " never be called broken in it; make it at least that long")),
                Arguments.of(
                        watched(null, Duration.ofMinutes(61)),
                        List.of("services/app/healthcheck/monitor: must be at most 1h; 1h1m is too long")),
                Arguments.of(
                        watched(null, Duration.ZERO),
                        List.of("services/app/healthcheck/monitor: " + Durations.PROBLEM)));
    }

    @ParameterizedTest
    @MethodSource("monitors")
    void aMonitorGetsExactlyItsProblems(HealthCheck check, List<String> expected) {
        assertThat(PlanValidator.problems(new Shop().healthCheck(check).plan()))
                .extracting(PlanProblem::text)
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("monitors")
    void aServiceWithoutAPortHasNothingToWatch(HealthCheck check, List<String> ignored) {
        HealthCheck upOnly =
                new HealthCheck(null, check.interval(), check.timeout(), check.deadline(), null, null, check.monitor());
        assertThat(PlanValidator.problems(
                        new Shop().port(null).healthCheck(upOnly).plan()))
                .extracting(PlanProblem::text)
                .contains("services/app/healthcheck/monitor: a service without a port has no HTTP health check to"
                        + " watch; remove monitor, or give the service its port");
    }

    /** The shop's check (1 s interval, 2 s timeout, 15 s deadline), watched for {@code monitor}. */
    private static HealthCheck watched(Integer failures, Duration monitor) {
        return new HealthCheck(
                "/health",
                Duration.ofSeconds(1),
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                failures,
                null,
                monitor);
    }
}
