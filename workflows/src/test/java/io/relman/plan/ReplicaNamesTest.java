package io.relman.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Replica names as each maker of containers writes them, from the plan's template. */
@Timeout(10)
class ReplicaNamesTest {
    @Test
    void relmansOwnNamesAreTheDefault() {
        assertThat(ReplicaNames.render(null, "shop", "demo", "app", 2)).isEqualTo("shop-demo-app-2");
    }

    @Test
    void composeV1AndV2NamesAndAContainerNameAreTemplatesToo() {
        assertThat(ReplicaNames.render("{project}_{service}_{n}", "shop", "prod", "api", 1))
                .isEqualTo("shop_api_1");
        assertThat(ReplicaNames.render("{project}-{service}-{n}", "shop", "prod", "api", 3))
                .isEqualTo("shop-api-3");
        assertThat(ReplicaNames.render("api-{n}", "shop", "prod", "api", 2)).isEqualTo("api-2");
        assertThat(ReplicaNames.render("shop-worker", "shop", "prod", "worker", 1))
                .isEqualTo("shop-worker");
    }

    @Test
    void aTemplateWithoutTheNumberNamesOneReplicaOnly() {
        assertThat(ReplicaNames.problems("shop-worker", 1)).isEmpty();
        assertThat(ReplicaNames.problems("shop-worker", 2)).hasSize(1);
        assertThat(ReplicaNames.problems("{project}-{environment}-{service}-{n}", 50))
                .isEmpty();
    }
}
