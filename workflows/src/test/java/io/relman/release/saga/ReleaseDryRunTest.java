package io.relman.release.saga;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.plan.Canary;
import io.relman.plan.Canary.CanaryStep;
import io.relman.plan.Hook;
import io.relman.plan.HookPhase;
import io.relman.plan.Hooks;
import io.relman.plan.Plan;
import io.relman.plan.UpdateOrder;
import io.relman.release.TestPlans;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ReleaseDryRunTest {
    @Test
    void aDryRunListsEveryStepAndEveryContainerItWouldTouchInOrder() {
        Plan plan = TestPlans.shop(2);

        List<String> lines = ReleaseDryRun.describe(plan, plan.environments().get(0), "v2", false);

        assertThat(lines.get(0))
                .isEqualTo("Dry run: deploy shop v2 to demo (as workflow release-shop-demo). Nothing is changed.");
        assertThat(lines)
                .containsSubsequence(
                        "1. pre-flight: the Docker engine answers and 1024 MB are free; inspect the replicas of app; refuse if one is"
                                + " stopped or unhealthy, or they run different releases",
                        "2. back up database shop (pg_dump in shop-demo-db) to /var/backups/shop/shop-demo-TIME-before-v2.dump",
                        "3. build relman/shop-app:v2 from /src/shop/app/Dockerfile",
                        "4. migrate app up: `/app/migrate up` in one-off container shop-demo-app-migrate-v2-RUN of relman/shop-app:v2"
                                + " made like the first of shop-demo-app-1, shop-demo-app-2 that runs at the pre-flight (its"
                                + " environment, networks, user, working directory and labels; not its ports, aliases or"
                                + " compose's labels), with the plan's env and secret_env on top; from the plan alone on"
                                + " network shop-demo if none runs (a first deploy)",
                        "5. replace shop-demo-app-1: drain it from shop-demo-lb, stop it (grace 10s) and keep it as"
                                + " shop-demo-app-1-previous, create it from relman/shop-app:v2, probe /health on port 8000 (deadline 30s),"
                                + " return it",
                        "7. validate /items through shop-demo-lb: each must answer 2xx",
                        "8. record the release in relman's database",
                        "Containers it would touch:",
                        "  shop-demo-app-2 (replaced; the old one kept as shop-demo-app-2-previous)");
        assertThat(lines.get(lines.size() - 1))
                .contains("undoes newest first")
                .contains("the migration down with the new image (in a container made the same way)")
                .contains("the backup restored");
    }

    @Test
    void aDryRunOfACanaryListsItsStepsAndItsContainer() {
        Plan plan = new TestPlans.Shop()
                .replicas(2)
                .canary(new Canary(
                        1,
                        List.of(
                                CanaryStep.weight(10),
                                CanaryStep.pause(Duration.ofMinutes(5)),
                                CanaryStep.pauseUntilPromoted()),
                        UpdateOrder.START_FIRST))
                .plan();

        List<String> lines = ReleaseDryRun.describe(plan, plan.environments().get(0), "v2", false);

        assertThat(lines)
                .anyMatch(line -> line.contains("start 1 canary of app from relman/shop-app:v2 beside its replicas"
                                + " (made like the first, no host port)")
                        && line.contains("by weight: weight 10%, pause 5m, pause until relman promote; then they serve"
                                + " at a replica's share while the replicas are replaced start-first, and are removed"
                                + " last"))
                .anyMatch(line -> line.contains("replace shop-demo-app-1 start-first"))
                .contains("  shop-demo-app-canary-1 (a canary: created, then removed)");
    }

    @Test
    void aDryRunListsTheHooksWhereTheyRun() {
        Plan plan = new TestPlans.Shop()
                .replicas(2)
                .hooks(new Hooks(Map.of(
                        HookPhase.BEFORE_TRAFFIC,
                        List.of(new Hook("warm", List.of("/app/warm", "{version}"), Duration.ofSeconds(20), 0, null)),
                        HookPhase.AFTER_MIGRATE,
                        List.of(new Hook("clear-cache", List.of("php", "artisan", "cache:clear"), null, 1, null)),
                        HookPhase.AFTER_ROLLOUT,
                        List.of(
                                new Hook("ping", List.of("/app/ping"), null, 0, null),
                                new Hook("index", List.of("/app/index"), Duration.ofMinutes(5), 2, null),
                                new Hook("check-command", List.of("php", "artisan", "list"), null, 0, 2)),
                        HookPhase.ON_UNDO,
                        List.of(new Hook(
                                "clear-cache-again", List.of("php", "artisan", "cache:clear"), null, 0, null)))))
                .plan();

        List<String> lines = ReleaseDryRun.describe(plan, plan.environments().get(0), "v2", false);

        String warm = "probe /health on port 8000 (deadline 30s), run before_traffic hook warm `/app/warm v2` in it"
                + " (deadline 20s, no retry), return it";
        assertThat(lines.get(4)).startsWith("4. migrate app up: `/app/migrate up`");
        assertThat(lines.subList(5, 12))
                .containsExactly(
                        "5. run after_migrate hook clear-cache of app: `php artisan cache:clear` in a one-off container"
                                + " of relman/shop-app:v2 (deadline 1m, 1 retry); if it fails, the release is undone",
                        "6. replace shop-demo-app-1: drain it from shop-demo-lb, stop it (grace 10s) and keep it as"
                                + " shop-demo-app-1-previous, create it from relman/shop-app:v2, " + warm,
                        "7. replace shop-demo-app-2: drain it from shop-demo-lb, stop it (grace 10s) and keep it as"
                                + " shop-demo-app-2-previous, create it from relman/shop-app:v2, " + warm,
                        "8. run after_rollout hook ping of app: `/app/ping` in a one-off container of"
                                + " relman/shop-app:v2 (deadline 1m, no retry); if it fails, the release is undone",
                        "9. run after_rollout hook index of app: `/app/index` in a one-off container of"
                                + " relman/shop-app:v2 (deadline 5m, 2 retries); if it fails, the release is undone",
                        "10. run after_rollout hook check-command of app: `php artisan list` in replica"
                                + " shop-demo-app-2 (docker exec) (deadline 1m, no retry); if it fails, the release is"
                                + " undone",
                        "11. validate /items through shop-demo-lb: each must answer 2xx");
        assertThat(lines)
                .containsSubsequence(
                        "Containers it would touch:",
                        "  shop-demo-app-hook-clear-cache-v2-RUN-1 (one-off)",
                        "  shop-demo-app-hook-ping-v2-RUN-1 (one-off)",
                        "  shop-demo-app-hook-index-v2-RUN-1 (one-off)");
        assertThat(lines).noneMatch(line -> line.contains("hook-check-command")); // in a replica, no one-off
        assertThat(lines.get(lines.size() - 1))
                .contains("undoes newest first")
                .endsWith("or the backup restored, then on_undo hook clear-cache-again of app: `php artisan"
                        + " cache:clear` in a one-off container of the image that runs again (deadline 1m, no"
                        + " retry).");
    }

    @Test
    void aDryRunOfReplicasSpreadOverHostsLooksOnlyOnTheHostTheMigrationRunsOn() {
        Plan plan = new TestPlans.Shop()
                .spreadOver(java.time.Duration.ZERO, "h1", "h2")
                .plan();

        List<String> lines = ReleaseDryRun.describe(plan, plan.environments().get(0), "v2", false);

        assertThat(lines)
                .anySatisfy(line -> assertThat(line)
                        .contains(". migrate app up:")
                        .contains(
                                "made like the first of shop-demo-app-1, shop-demo-app-3 that runs at the pre-flight"));
    }

    @Test
    void aDryRunFollowsThePlansOrderGatesAndUpdateOrder() {
        Plan plan = new TestPlans.Shop()
                .replicas(1)
                .steps("preflight", "build", "rollout", "backup", "migrate", "validate")
                .approvalBefore(java.time.Duration.ofHours(2), "migrate")
                .updateOrder(io.relman.plan.UpdateOrder.START_FIRST)
                .plan();

        List<String> lines = ReleaseDryRun.describe(plan, plan.environments().get(0), "v2", false);

        assertThat(lines)
                .containsSubsequence(
                        "3. replace shop-demo-app-1 start-first: rename it shop-demo-app-1-previous (still serving), create"
                                + " shop-demo-app-1 from relman/shop-app:v2 next to it, probe /health on port 8000 (deadline 30s), add it to"
                                + " shop-demo-lb, then drain shop-demo-app-1-previous and stop it (grace 10s)",
                        "4. back up database shop (pg_dump in shop-demo-db) to /var/backups/shop/shop-demo-TIME-before-v2.dump",
                        "5. wait for relman approve demo before migrate (at most 2h)");
    }

    @Test
    void aMigrationDryRunReplacesNoReplicaAndProbesTheRunningOnes() {
        Plan plan = TestPlans.shop(2);

        List<String> lines = ReleaseDryRun.describe(plan, plan.environments().get(0), "v2", true);

        assertThat(lines.get(0)).startsWith("Dry run: migration of shop v2 to demo");
        assertThat(lines)
                .noneMatch(line -> line.contains("replace shop-demo-app"))
                .anyMatch(line -> line.startsWith("5. probe every replica that runs now"));
    }
}
