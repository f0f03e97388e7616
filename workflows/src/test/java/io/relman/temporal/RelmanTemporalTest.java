package io.relman.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RelmanTemporalTest {
    @Test
    void everyReleaseOfAnEnvironmentSharesOneWorkflowIdWhichIsItsLock() {
        assertThat(RelmanTemporal.releaseWorkflowId("shop", "demo")).isEqualTo("release-shop-demo");
    }

    @Test
    void twoProjectsWithAnEnvironmentOfOneNameDoNotShareALock() {
        assertThat(RelmanTemporal.releaseWorkflowId("shop", "production"))
                .isNotEqualTo(RelmanTemporal.releaseWorkflowId("blog", "production"));
    }

    @Test
    void aReleaseWorkflowIdIsToldFromAnEnvironment() {
        assertThat(RelmanTemporal.isReleaseWorkflowId("release-shop-demo")).isTrue();
        assertThat(RelmanTemporal.isReleaseWorkflowId("demo")).isFalse();
    }
}
