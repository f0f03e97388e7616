package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.CanaryAnalysis;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A service's canary: its steps read in order with their defaults, each problem at its path and line. */
@Timeout(10)
class CanaryReaderTest {
    /** PlanLoaderTest's valid plan with a canary after the app's port (line 22): it starts at line 23. */
    static final String CANARY = """
                update_order: canary
                canary:
                  replicas: 2
                  steps:
                    - weight: 10
                    - pause: 5m
                    - weight: 50
                    - pause: {}
                  then: start-first
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void buildContext() throws IOException {
        PlanLoaderTest.buildContext(dir);
    }

    @Test
    void theStepsAreReadInThePlansOrder() throws IOException {
        Service app = PlanLoader.load(write(CANARY)).service("app").orElseThrow();

        assertThat(app.updateOrder()).isEqualTo(UpdateOrder.CANARY);
        assertThat(app.replacementOrder()).isEqualTo(UpdateOrder.START_FIRST);
        assertThat(app.canary())
                .isEqualTo(new Canary(
                        2,
                        List.of(
                                CanaryStep.weight(10),
                                CanaryStep.pause(Duration.ofMinutes(5)),
                                CanaryStep.weight(50),
                                CanaryStep.pauseUntilPromoted()),
                        UpdateOrder.START_FIRST));
    }

    @Test
    void oneCanaryReplacingTheReplicasStopFirstUnlessTheyAreGiven() throws IOException {
        Service app = PlanLoader.load(write("    update_order: canary\n    canary: {steps: [{weight: 20}]}\n"))
                .service("app")
                .orElseThrow();

        assertThat(app.canary()).isEqualTo(new Canary(1, List.of(CanaryStep.weight(20)), UpdateOrder.STOP_FIRST));
    }

    @Test
    void anAnalysisIsReadWithItsDefaults() throws IOException {
        Service app = PlanLoader.load(write(CANARY + "      analysis: {interval: 10s, max_error_rate: 0.5%}\n"))
                .service("app")
                .orElseThrow();

        assertThat(app.canary().analysis())
                .isEqualTo(new CanaryAnalysis(
                        Duration.ofSeconds(10),
                        0.5,
                        null,
                        CanaryAnalysis.DEFAULT_MIN_REQUESTS,
                        CanaryAnalysis.DEFAULT_LOG));
    }

    static Stream<Arguments> badCanaries() {
        return Stream.of(
                bad(
                        "        - weight: 10\n",
                        "        - weight: 10\n          pause: 1m\n",
                        "services/app/canary/steps/1: must be either {weight: PERCENT} or {pause: DURATION}, or"
                                + " {pause: {}} to wait for relman promote (relman.yml:27)"),
                bad(
                        "- pause: 5m",
                        "- pause: soon",
                        "services/app/canary/steps/2/pause: must be a positive duration such as 500ms, 10s, 2m or 1h"
                                + " (relman.yml:28)"),
                bad(
                        "- pause: {}",
                        "- pause: {until: promoted}",
                        "services/app/canary/steps/4/pause: is a duration (5m), or {} to wait for relman promote"
                                + " (relman.yml:30)"),
                bad(
                        "then: start-first",
                        "then: canary",
                        "services/app/canary/then: must be stop-first, start-first or drain-first: how the service's"
                                + " replicas are replaced once the canary is promoted (relman.yml:31)"),
                bad(
                        "- weight: 50",
                        "- wait: 50",
                        "services/app/canary/steps/3/wait: unknown key; the keys here are pause, weight"
                                + " (relman.yml:29)",
                        "services/app/canary/steps/3: must be either {weight: PERCENT} or {pause: DURATION}, or"
                                + " {pause: {}} to wait for relman promote (relman.yml:29)"),
                bad(
                        "then: start-first\n",
                        "then: start-first\n      analysis: {max_error_rate: 1}\n",
                        "services/app/canary/analysis/max_error_rate: must be a percentage from 0% to 100%, e.g. 1% or"
                                + " 0.5% (relman.yml:32)"),
                bad(
                        "    update_order: canary\n",
                        "",
                        "services/app/canary: is read only with update_order: canary; set it, or remove canary:"
                                + " (relman.yml:24)"));
    }

    private static Arguments bad(String text, String replacement, String... expected) {
        return PlanLoaderTest.changed(CANARY, text, replacement, expected);
    }

    @ParameterizedTest
    @MethodSource("badCanaries")
    void aBadCanaryIsRefusedWithItsPathLineAndFix(String canary, List<String> expected) throws IOException {
        PlanLoaderTest.assertRefused(write(canary), expected);
    }

    private Path write(String canary) throws IOException {
        return Files.writeString(dir.resolve("relman.yml"), HookReaderTest.withHooks(canary));
    }
}
