package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.CanaryAnalysis;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The analysis's verdict: too few requests decide nothing; too many 5xx, or a p95 too slow, fail the canary. */
@Timeout(10)
class CanaryTrafficTest {
    private static final CanaryAnalysis ANALYSIS =
            new CanaryAnalysis(Duration.ofSeconds(10), 1.0, Duration.ofMillis(500), 20, null);

    @Test
    void errorsAboveTheRateFailTheCanary() {
        assertThat(new CanaryTraffic(0, 200, 10, 40L).judge(ANALYSIS))
                .isEqualTo(new CanaryTraffic.Verdict(
                        true, "200 requests to the canaries, 10 5xx (5.0%), p95 40 ms: above max_error_rate 1%"));
    }

    @Test
    void aP95AboveItsMaximumFailsTheCanary() {
        assertThat(new CanaryTraffic(0, 200, 1, 700L).judge(ANALYSIS))
                .isEqualTo(new CanaryTraffic.Verdict(
                        true, "200 requests to the canaries, 1 5xx (0.5%), p95 700 ms: above max_p95 0.5s"));
    }

    @Test
    void withinBothItPasses() {
        assertThat(new CanaryTraffic(0, 200, 2, 40L).judge(ANALYSIS).fails()).isFalse();
        assertThat(new CanaryTraffic(0, 200, 2, 40L).judge(ANALYSIS).text()).endsWith(": passed");
    }

    @Test
    void tooFewRequestsDecideNothingWhateverTheyAnswered() {
        assertThat(new CanaryTraffic(0, 19, 19, 900L).judge(ANALYSIS))
                .isEqualTo(new CanaryTraffic.Verdict(
                        false, "19 requests to the canaries, 19 5xx (100.0%), p95 900 ms: fewer than 20, no verdict"));
    }
}
