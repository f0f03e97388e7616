package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Environment;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Plan;
import io.relman.plan.Webhook;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the README's demo (scripts/demo.sh) shows of the shop sample is in its plan. */
@Timeout(10)
class ShopSamplePlanTest {
    private final Plan plan = PlanLoader.load(Path.of("../examples/shop/relman.yml"));

    @Test
    void theDemoHasAMaintenancePageAndAHookBeforeTraffic() {
        assertThat(plan.environment("demo").orElseThrow().maintenance()).isNotNull();
        assertThat(plan.service("app").orElseThrow().hooks().at(HookPhase.BEFORE_TRAFFIC))
                .extracting(Hook::name)
                .containsExactly("warm");
    }

    /** scripts/setup.sh runs the demo's receiver and sets SHOP_DEMO_WEBHOOK; the tests' copies run none. */
    @Test
    void onlyTheDemoTellsAChannelOfItsReleases() {
        assertThat(plan.environment("demo").orElseThrow().webhooks())
                .containsExactly(new Webhook(
                        "team-chat",
                        "SHOP_DEMO_WEBHOOK",
                        List.of("started", "succeeded", "failed", "undone", "undo_incomplete")));
        assertThat(plan.environments())
                .filteredOn(environment -> !environment.name().equals("demo"))
                .extracting(Environment::webhooks)
                .allSatisfy(webhooks -> assertThat(webhooks).isEmpty());
    }
}
