package io.relman.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relman.release.TestPlans;
import io.relman.release.TestPlans.Shop;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules of a plan, checked on records as any Temporal client could send them (the CLI's YAML tests
 * add the lines): each bad plan changes one thing of the shop plan and gets exactly its problems.
 */
@Timeout(10)
class PlanValidatorTest {
    @Test
    void theShopPlanBreaksNoRule() {
        assertThat(PlanValidator.problems(TestPlans.shop(3))).isEmpty();
    }

    @Test
    void aDatabaseAdminRoleWithItsPasswordsVariableBreaksNoRule() {
        assertThat(PlanValidator.problems(new Shop()
                        .databaseAdmin("shop_admin", "SHOP_DB_ADMIN_PASSWORD")
                        .plan()))
                .isEmpty();
    }

    @Test
    void anAfterRolloutHookInOneOfTheServicesReplicasBreaksNoRule() {
        assertThat(PlanValidator.problems(new Shop()
                        .replicas(2)
                        .hooks(hook(HookPhase.AFTER_ROLLOUT, 2))
                        .plan()))
                .isEmpty();
    }

    /** The app's hooks: one of {@code phase}, run in replica {@code in}. */
    private static Hooks hook(HookPhase phase, int in) {
        return new Hooks(Map.of(phase, List.of(new Hook("check", List.of("/app/check"), null, 0, in))));
    }

    static Stream<Arguments> badPlans() {
        return Stream.of(
                bad(new Shop().replicas(0), "services/app/replicas: must be a whole number from 1 to 50"),
                bad(new Shop().replicas(51), "services/app/replicas: must be a whole number from 1 to 50"),
                bad(
                        new Shop().port(null),
                        "services/app/healthcheck/path: a service without a port has no HTTP health check; remove path"
                                + " (its image's Docker HEALTHCHECK, or else min_uptime, tells when it is up), or give the"
                                + " service its port",
                        "services/app/validate: a service without a port has no endpoints to request; remove validate,"
                                + " or give the service its port"),
                bad(
                        new Shop().port(null).updateOrder(UpdateOrder.DRAIN_FIRST),
                        "services/app/healthcheck/path: a service without a port has no HTTP health check; remove path"
                                + " (its image's Docker HEALTHCHECK, or else min_uptime, tells when it is up), or give the"
                                + " service its port",
                        "services/app/validate: a service without a port has no endpoints to request; remove validate,"
                                + " or give the service its port",
                        "services/app/update_order: drain-first takes a replica out of the load balancer before it"
                                + " stops, and a service without a port is in none: use stop-first (or start-first)"),
                bad(
                        new Shop().replicas(2).hooks(hook(HookPhase.AFTER_ROLLOUT, 3)),
                        "services/app/hooks/after_rollout/check/in: must be a whole number from 1 to 2, one of app's 2"
                                + " replica(s) (1 is its first)"),
                bad(
                        new Shop().hooks(hook(HookPhase.ON_UNDO, 1)),
                        "services/app/hooks/on_undo/check/in: only an after_rollout hook runs in a replica; an on_undo"
                                + " hook runs in a one-off container of the image that runs again: remove in (or make it"
                                + " an after_rollout hook)"),
                bad(new Shop().port(70000), "services/app/port: must be a whole number from 1 to 65535"),
                bad(
                        new Shop()
                                .healthCheck(new HealthCheck(
                                        "/health",
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(2),
                                        Duration.ofHours(99_999_999_999_999L))),
                        "services/app/healthcheck/deadline: must be at most 1h; 99999999999999h is too long"),
                bad(
                        new Shop().image("relman/" + "a".repeat(300)),
                        "services/app/image: is 307 characters long; keep it to 255 at most"),
                bad(
                        new Shop().image("relman/shop-app:v1"),
                        "services/app/image: must be a lowercase image repository without tag, e.g. shop/app"),
                bad(
                        new Shop()
                                .healthCheck(new HealthCheck(
                                        "health",
                                        Duration.ofSeconds(1),
                                        Duration.ofSeconds(2),
                                        Duration.ofSeconds(30))),
                        "services/app/healthcheck/path: must be a URL path that starts with /, e.g. /health"),
                bad(
                        new Shop()
                                .healthCheck(new HealthCheck(
                                        "/health", Duration.ZERO, Duration.ofSeconds(5), Duration.ofSeconds(1))),
                        "services/app/healthcheck/interval: " + Durations.PROBLEM,
                        "services/app/healthcheck/timeout: is longer than the deadline (1s); make the timeout"
                                + " shorter or the deadline longer"),
                bad(
                        new Shop().healthCheck(countingFailures(0, Duration.ofSeconds(15))),
                        "services/app/healthcheck/failures: must be a number of answers, 1 or more (3 is a common"
                                + " choice), or left out to let only the deadline decide",
                        "services/app/healthcheck/start_period: must be shorter than the deadline (15s): answers"
                                + " after the deadline are never counted"),
                bad(
                        new Shop().healthCheck(countingFailures(null, Duration.ofSeconds(5))),
                        "services/app/healthcheck/start_period: counts only with failures: give failures (e.g. 3), or"
                                + " remove start_period"),
                bad(
                        new Shop().secretEnv(Map.of("PGPASSWORD", "hunter2!")),
                        "services/app/secret_env/PGPASSWORD: must be the name of the worker's environment variable"
                                + " that holds the secret, e.g. SHOP_DB_PASSWORD, not the secret itself"),
                bad(
                        new Shop().steps("preflight", "build", "migrate", "rollout"),
                        "environments/demo/steps: 'backup' is missing, but a service has a migration; add backup"
                                + " before migrate: the backup is the way back when a migration cannot be undone"),
                bad(
                        new Shop().notify(new Webhook("chat", "https://hooks.example/T0/B0/x", List.of("succeeded"))),
                        "environments/demo/notify/chat/url_env: must be the worker variable holding the webhook's URL,"
                                + " e.g. SLACK_WEBHOOK_URL"),
                bad(
                        new Shop().notify(new Webhook("chat", "CHAT_URL", List.of("deployed"))),
                        "environments/demo/notify/chat/events: 'deployed' is not an event; name one of started,"
                                + " waiting_for_approval, succeeded, failed, undone, undo_incomplete, backup_failed,"
                                + " drill_failed"),
                bad(
                        new Shop().approvalBefore(Duration.ofHours(1), "deploy"),
                        "environments/demo/approval/before: 'deploy' is not a step of this environment's releases;"
                                + " name one of preflight, backup, build, migrate, rollout, validate"),
                bad(
                        new Shop().replicaNames("shop_app"),
                        "services/app/replica_names: must contain {n}, the replica's number, to name 3 replicas apart,"
                                + " e.g. {service}-{n} or {project}_{service}_{n}"),
                bad(
                        new Shop().replicaNames("{app}-{n}"),
                        "services/app/replica_names: '{app}' is not a placeholder; use {project}, {environment},"
                                + " {service} and {n} (the replica's number, from 1)"),
                bad(
                        new Shop().replicas(1).replicaNames("shop-demo-lb"),
                        "environments/demo/load_balancer/container: 'shop-demo-lb' is the name of replica 1 of app in"
                                + " demo; a replica is replaced at every release, so it cannot be this container too"),
                bad(
                        new Shop().network("bridge"),
                        "environments/demo/network: 'bridge' is one of Docker's own networks, where containers cannot"
                                + " find each other by name; use a network of the stack's own, e.g. shop-demo"),
                bad(
                        new Shop().configDir("/etc/nginx/../../usr/sbin"),
                        "environments/demo/load_balancer/config_dir: must be an absolute directory in the nginx"
                                + " container, which its configuration includes, without .. (relman writes its upstream"
                                + " files there), e.g. /etc/nginx/relman"),
                bad(
                        new Shop().databaseAdmin("shop_admin", null),
                        "environments/demo/database/admin_password_env: is missing; add admin_password_env: the name"
                                + " of the worker's environment variable that holds admin_user's password, e.g."
                                + " SHOP_DB_ADMIN_PASSWORD, not the password itself"),
                bad(
                        new Shop().databaseAdmin(null, "SHOP_DB_ADMIN_PASSWORD"),
                        "environments/demo/database/admin_user: is missing; add admin_user: the role whose password"
                                + " admin_password_env holds, which creates, drops and renames the scratch database of a"
                                + " restore, e.g. shop_admin; or remove admin_password_env"),
                bad(
                        new Shop().databaseAdmin("shop admin", "hunter2!"),
                        "environments/demo/database/admin_user: must be a role name, e.g. shop_admin",
                        "environments/demo/database/admin_password_env: must be the name of the worker's environment"
                                + " variable that holds admin_user's password, e.g. SHOP_DB_ADMIN_PASSWORD, not the"
                                + " password itself"),
                bad(
                        new Shop().withoutDatabase(),
                        "environments/demo/database: is missing; add database: the stack's database (container,"
                                + " name, user, password_env): a service has a migration, and its backup is the way"
                                + " back"),
                bad(
                        new Shop()
                                .withoutDatabase()
                                .withoutMigration()
                                .steps("preflight", "backup", "build", "rollout"),
                        "environments/demo/steps: 'backup' needs a database, and this environment has none; remove it,"
                                + " or add the database relman should back up"));
    }

    private static Arguments bad(Shop plan, String... problems) {
        return Arguments.of(plan.plan(), List.of(problems));
    }

    @ParameterizedTest
    @MethodSource("badPlans")
    void aPlanThatBreaksARuleGetsExactlyItsProblems(Plan plan, List<String> expected) {
        assertThat(PlanValidator.problems(plan)).extracting(PlanProblem::text).containsExactlyElementsOf(expected);
    }

    @Test
    void aBadNameOfAnEntryIsAProblemOfItsKey() {
        Plan shop = TestPlans.shop(3);
        Environment demo = shop.environments().get(0);
        Plan renamed = new Plan(
                shop.source(),
                "Shop Inc",
                List.of(new Environment(
                        "Demo",
                        demo.host(),
                        demo.hosts(),
                        demo.spread(),
                        demo.network(),
                        demo.loadBalancer(),
                        demo.database(),
                        Map.of("PG-HOST", "db"),
                        null,
                        demo.minFreeDiskBytes(),
                        demo.steps(),
                        demo.webhooks(),
                        demo.maintenance())),
                shop.services());

        assertThat(PlanValidator.problems(renamed))
                .extracting(PlanProblem::text, PlanProblem::atKey)
                .containsExactly(
                        tuple("project: must be lowercase letters, digits and dashes, e.g. shop", false),
                        tuple(
                                "environments/Demo: 'Demo' must be lowercase letters, digits and dashes (it becomes"
                                        + " part of container names)",
                                true),
                        tuple(
                                "environments/Demo/env/PG-HOST: must be a variable name: letters, digits and _, not"
                                        + " starting with a digit",
                                true));
    }

    @Test
    void replicasOfTwoEnvironmentsOrServicesCannotShareAName() {
        Plan shop = TestPlans.shop(1);
        Environment demo = shop.environments().get(0);
        Service app = shop.services().get(0);
        Plan plan = new Plan(
                shop.source(),
                "shop",
                List.of(environment(demo, "prod"), environment(demo, "prod-web")),
                List.of(service(app, "web-api"), service(app, "api")));

        assertThat(PlanValidator.problems(plan))
                .extracting(PlanProblem::text)
                .containsExactly(
                        "services/api/replica_names: gives 'shop-prod-web-api-1' to replica 1 of api in prod-web,"
                                + " and to replica 1 of web-api in prod too; give every replica of every environment a name of"
                                + " its own (the default {project}-{environment}-{service}-{n} does)");
    }

    @Test
    void aPlanWithoutServicesOrEnvironmentsSaysWhatIsMissing() {
        assertThat(PlanValidator.problems(new Plan("relman.yml", "shop", null, null)))
                .extracting(PlanProblem::text)
                .containsExactly(
                        "services: is missing; add services: at least one entry",
                        "environments: is missing; add environments: at least one entry");
    }

    private static Environment environment(Environment like, String name) {
        return new Environment(
                name,
                like.host(),
                like.hosts(),
                like.spread(),
                "shop-" + name,
                new LoadBalancer("shop-" + name + "-lb", null, null, null),
                new Database(
                        "shop-" + name + "-db", 5432, "shop", "shop", "SHOP_DB_PASSWORD", "/backups", null, null, null),
                like.env(),
                null,
                like.minFreeDiskBytes(),
                like.steps(),
                like.webhooks(),
                like.maintenance());
    }

    private static Service service(Service like, String name) {
        return new Service(
                name,
                like.image(),
                like.build(),
                like.replicas(),
                like.port(),
                like.env(),
                like.secretEnv(),
                like.healthcheck(),
                like.stopGracePeriod(),
                like.migration(),
                like.validate(),
                like.updateOrder(),
                like.validateDeadline(),
                null,
                null,
                null,
                like.hooks(),
                like.maintenance(),
                like.canary());
    }

    /** The shop's health check over 15 s, with failures and a start period. */
    private static HealthCheck countingFailures(Integer failures, Duration startPeriod) {
        return new HealthCheck(
                "/health", Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(15), failures, startPeriod);
    }
}
