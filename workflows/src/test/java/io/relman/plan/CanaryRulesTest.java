package io.relman.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Canary.CanaryStep;
import io.relman.release.TestPlans.Shop;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code update_order: canary}: steps with a weight, weights below 100, pauses of at most a day, a port. */
@Timeout(10)
class CanaryRulesTest {
    static Stream<Arguments> canaries() {
        return Stream.of(
                Arguments.of(
                        canary(1, UpdateOrder.STOP_FIRST, CanaryStep.weight(10), CanaryStep.pauseUntilPromoted()),
                        List.of()),
                Arguments.of(
                        canary(
                                1,
                                UpdateOrder.START_FIRST,
                                CanaryStep.weight(10),
                                CanaryStep.pause(Duration.ofHours(24))),
                        List.of()),
                Arguments.of(
                        canary(1, UpdateOrder.STOP_FIRST, CanaryStep.pause(Duration.ofMinutes(5))),
                        List.of("services/app/canary/steps: needs at least one weight: a canary that gets no traffic"
                                + " tells nothing, e.g. " + CanaryRules.EXAMPLE)),
                Arguments.of(
                        canary(1, UpdateOrder.STOP_FIRST, CanaryStep.weight(100), CanaryStep.weight(0)),
                        List.of(
                                "services/app/canary/steps/1/weight: must be a whole number from 1 to 99",
                                "services/app/canary/steps/2/weight: must be a whole number from 1 to 99")),
                Arguments.of(
                        canary(
                                1,
                                UpdateOrder.STOP_FIRST,
                                CanaryStep.weight(10),
                                CanaryStep.pause(Duration.ofHours(25))),
                        List.of("services/app/canary/steps/2/pause: must be at most 24h; 25h is too long")),
                Arguments.of(
                        canary(0, UpdateOrder.CANARY, CanaryStep.weight(10)),
                        List.of(
                                "services/app/canary/replicas: must be a whole number from 1 to 50",
                                "services/app/canary/then: is how the replicas are replaced after the canary:"
                                        + " stop-first, start-first or drain-first")));
    }

    @ParameterizedTest
    @MethodSource("canaries")
    void aCanaryGetsExactlyItsProblems(Canary canary, List<String> expected) {
        assertThat(PlanValidator.problems(new Shop().canary(canary).plan()))
                .extracting(PlanProblem::text)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void anAnalysisNeedsAPauseToRunInAPositiveIntervalAndAPathInTheContainer() {
        Canary noPause = new Canary(
                1,
                List.of(CanaryStep.weight(10)),
                UpdateOrder.STOP_FIRST,
                new CanaryAnalysis(Duration.ZERO, 1.0, null, 0, "logs/upstream.log"));

        assertThat(PlanValidator.problems(new Shop().canary(noPause).plan()))
                .extracting(PlanProblem::text)
                .containsExactly(
                        "services/app/canary/analysis/interval: " + Durations.PROBLEM,
                        "services/app/canary/analysis/min_requests: must be a whole number from 1 to 1000000",
                        "services/app/canary/analysis/log: is a path in the load balancer's container, from /, e.g."
                                + " /var/log/nginx/relman-upstream.log",
                        "services/app/canary/analysis: runs during the canary's pauses, and its steps have none: add"
                                + " a pause, e.g. {pause: 5m}");
    }

    @Test
    void anAnalysisLooksAtMostEveryFiveSecondsAndAtMostTwoThousandTimesAPause() {
        Canary tooOften = new Canary(
                1,
                List.of(CanaryStep.weight(10), CanaryStep.pause(Duration.ofHours(24))),
                UpdateOrder.STOP_FIRST,
                new CanaryAnalysis(Duration.ofSeconds(1), 1.0, null, 20, null));

        assertThat(PlanValidator.problems(new Shop().canary(tooOften).plan()))
                .extracting(PlanProblem::text)
                .containsExactly(
                        "services/app/canary/analysis/interval: must be at least 5s: each look is an activity in the"
                                + " release's history",
                        "services/app/canary/steps/2/pause: is more than 2000 looks of the analysis (one each"
                                + " interval), more than a release's history holds: make the interval at least 44s or"
                                + " the pause shorter");
    }

    @Test
    void aCanaryNeedsItsStepsAndAPort() {
        assertThat(PlanValidator.problems(new Shop().canary(null).plan()))
                .extracting(PlanProblem::text)
                .containsExactly("services/app/update_order: canary needs the canary's steps beside it, e.g. "
                        + CanaryRules.EXAMPLE);
        assertThat(PlanValidator.problems(new Shop()
                        .canary(canary(1, UpdateOrder.STOP_FIRST, CanaryStep.weight(10)))
                        .port(null)
                        .plan()))
                .extracting(PlanProblem::text)
                .contains("services/app/update_order: a canary gets a share of the traffic nginx sends the service,"
                        + " and a service without a port gets none: use stop-first (or start-first)");
    }

    private static Canary canary(int replicas, UpdateOrder then, CanaryStep... steps) {
        return new Canary(replicas, List.of(steps), then);
    }
}
