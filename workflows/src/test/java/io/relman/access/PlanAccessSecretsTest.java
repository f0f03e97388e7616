package io.relman.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Plan;
import io.relman.release.TestPlans;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which worker variables the worker running a release must hold before it starts. */
@Timeout(10)
class PlanAccessSecretsTest {
    @Test
    void aServiceOnTheWorkersOwnEngineNeedsItsSecretsThere() {
        Plan plan = new TestPlans.Shop()
                .secretEnv(Map.of("API_KEY", "SHOP_API_KEY"))
                .plan();

        assertThat(PlanAccess.of(plan, plan.environments().get(0)).secrets()).contains("SHOP_API_KEY");
    }

    @Test
    void aServiceWhoseReplicasAllRunOnHostsWithWorkersOfTheirOwnLeavesItsSecretsToThem() {
        Plan plan = new TestPlans.Shop()
                .secretEnv(Map.of("API_KEY", "SHOP_API_KEY"))
                .spreadOver(Duration.ZERO, "h2")
                .withWorkerOn("h2")
                .plan();

        assertThat(PlanAccess.of(plan, plan.environments().get(0)).secrets()).doesNotContain("SHOP_API_KEY");
    }

    @Test
    void aServiceWithOneReplicaOnAHostWithoutAWorkerOfItsOwnNeedsItsSecretsHere() {
        Plan plan = new TestPlans.Shop()
                .secretEnv(Map.of("API_KEY", "SHOP_API_KEY"))
                .spreadOver(Duration.ZERO, "h1", "h2")
                .withWorkerOn("h2")
                .plan();

        assertThat(PlanAccess.of(plan, plan.environments().get(0)).secrets()).contains("SHOP_API_KEY");
    }
}
