package io.relman.nginx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The nginx weights of a canary's share: the smallest whole ones, and exactly the share asked. */
@Timeout(10)
class CanaryWeightsTest {
    @ParameterizedTest
    @CsvSource({
        // percent, replicas, canaries, current's weight, canary's weight
        "10, 3, 1, 3, 1",
        "50, 3, 1, 1, 3",
        "25, 3, 1, 1, 1",
        "1, 3, 1, 33, 1",
        "99, 3, 1, 1, 297",
        "33, 3, 2, 134, 99",
        "20, 1, 1, 4, 1",
    })
    void givesTheCanariesExactlyTheirShareWithTheSmallestWeights(
            int percent, int replicas, int canaries, int current, int canary) {
        CanaryWeights weights = CanaryWeights.of(percent, replicas, canaries);

        assertThat(weights).isEqualTo(new CanaryWeights(current, canary));
        assertThat(weights.canaryPercent(replicas, canaries)).isCloseTo(percent, within(1e-9));
    }

    @ParameterizedTest
    @CsvSource({"0, 3, 1", "100, 3, 1", "10, 0, 1", "10, 3, 0"})
    void refusesAShareItCannotGive(int percent, int replicas, int canaries) {
        assertThatThrownBy(() -> CanaryWeights.of(percent, replicas, canaries))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
