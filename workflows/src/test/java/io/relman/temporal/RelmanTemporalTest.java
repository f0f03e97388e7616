package io.relman.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RelmanTemporalTest {
    @Test
    void everyReleaseOfAnEnvironmentSharesOneWorkflowIdWhichIsItsLock() {
        assertThat(RelmanTemporal.releaseWorkflowId("demo")).isEqualTo("release-demo");
    }

    @Test
    void commandsAcceptTheEnvironmentOrItsReleaseWorkflowId() {
        assertThat(RelmanTemporal.releaseWorkflowIdOf("demo")).isEqualTo("release-demo");
        assertThat(RelmanTemporal.releaseWorkflowIdOf("release-demo")).isEqualTo("release-demo");
    }
}
