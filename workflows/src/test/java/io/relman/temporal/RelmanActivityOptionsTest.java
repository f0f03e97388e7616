package io.relman.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RelmanActivityOptionsTest {
    @Test
    void healthProbesMayRunUntilTheDeadlinePlusSlackAndMustHeartbeat() {
        ActivityOptions options = RelmanActivityOptions.health(Duration.ofSeconds(45));

        assertThat(options.getStartToCloseTimeout()).isEqualTo(Duration.ofSeconds(75));
        assertThat(options.getHeartbeatTimeout()).isEqualTo(RelmanActivityOptions.DEFAULT_HEARTBEAT_TIMEOUT);
    }

    @Test
    void stoppingAReplicaMayTakeItsGracePeriodPlusSlack() {
        assertThat(RelmanActivityOptions.stop(Duration.ofSeconds(20)).getStartToCloseTimeout())
                .isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void errorsThatNoRetryCanFixAreNotRetried() {
        assertThat(RelmanActivityOptions.quick().getRetryOptions().getDoNotRetry())
                .contains("PlanError", "ReplicaUnhealthy", "MigrationFailed", "BuildFailed");
        assertThat(RelmanActivityOptions.quick().getRetryOptions().getMaximumAttempts())
                .isEqualTo(5);
    }
}
