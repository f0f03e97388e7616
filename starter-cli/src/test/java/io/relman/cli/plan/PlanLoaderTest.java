package io.relman.cli.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.relman.plan.ApprovalGate;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.Host;
import io.relman.plan.Plan;
import io.relman.plan.ReplicaSite;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import io.relman.plan.Webhook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class PlanLoaderTest {
    /** A valid plan; each bad plan below changes one line of it (line numbers are this text's). */
    static final String VALID = """
      project: shop
      environments:
        demo:
          network: shop-demo
          load_balancer:
            container: shop-demo-lb
          env:
            PGHOST: shop-demo-db
          database:
            container: shop-demo-db
            name: shop
            user: shop
            password_env: SHOP_DB_PASSWORD
      services:
        app:
          image: relman/shop-app
          build:
            context: app
            args:
              APP_VERSION: "{version}"
          replicas: 3
          port: 8000
          secret_env:
            PGPASSWORD: SHOP_DB_PASSWORD
          healthcheck:
            path: /health
            timeout: 2s
            deadline: 30s
          migration:
            up: [/app/migrate, up]
            down: [/app/migrate, down]
      """;

    @TempDir
    Path dir;

    @BeforeEach
    void buildContext() throws IOException {
        buildContext(dir);
    }

    /** The build context the valid plan names, in the plan's directory {@code dir}. */
    static void buildContext(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM scratch\n");
    }

    static Stream<Arguments> badPlans() {
        return Stream.of(
                bad(
                        "path: /health",
                        "path: health",
                        "services/app/healthcheck/path: must be a URL path that starts with /, e.g. /health (relman.yml:26)"),
                bad(
                        "replicas: 3",
                        "replicas: 0",
                        "services/app/replicas: must be a whole number from 1 to 50 (relman.yml:21)"),
                bad(
                        "port: 8000",
                        "port: http",
                        "services/app/port: must be a whole number from 1 to 65535 (relman.yml:22)"),
                bad(
                        "    replicas: 3",
                        "    replica: 3",
                        "services/app/replica: unknown key; the keys here are build, canary, env, healthcheck, hooks, image,"
                                + " maintenance, migration, min_uptime, port, replica_names, replicas, secret_env, stop_grace_period,"
                                + " update_order, upstream, validate, validate_deadline (relman.yml:21)"),
                bad(
                        "image: relman/shop-app",
                        "image: relman/shop-app:v1",
                        "services/app/image: must be a lowercase image repository without tag, e.g. shop/app (relman.yml:16)"),
                bad(
                        "    image: relman/shop-app\n",
                        "",
                        "services/app/image: is missing; add image: a lowercase image repository without tag, e.g. shop/app"
                                + " (relman.yml:16)"),
                bad(
                        "timeout: 2s",
                        "timeout: 2 seconds",
                        "services/app/healthcheck/timeout: must be a positive duration such as 500ms, 10s, 2m or 1h (relman.yml:27)"),
                bad(
                        "deadline: 30s",
                        "deadline: 1s",
                        "services/app/healthcheck/timeout: is longer than the deadline (1s); make the timeout shorter or the"
                                + " deadline longer (relman.yml:27)"),
                bad(
                        "deadline: 30s\n",
                        "deadline: 30s\n      failures: many\n",
                        "services/app/healthcheck/failures: must be a number of answers, 1 or more (3 is a common"
                                + " choice), or left out to let only the deadline decide (relman.yml:29)"),
                bad(
                        "PGPASSWORD: SHOP_DB_PASSWORD",
                        "PGPASSWORD: hunter2!",
                        "services/app/secret_env/PGPASSWORD: must be the name of the worker's environment variable that holds the"
                                + " secret, e.g. SHOP_DB_PASSWORD, not the secret itself (relman.yml:24)"),
                bad(
                        "up: [/app/migrate, up]",
                        "up: /app/migrate up",
                        "services/app/migration/up: must be a non-empty list of words, e.g. [alembic, upgrade, head] (argv, no"
                                + " shell) (relman.yml:30)"),
                bad(
                        "PGHOST: shop-demo-db",
                        "PG-HOST: shop-demo-db",
                        "environments/demo/env/PG-HOST: must be a variable name: letters, digits and _, not starting with a digit"
                                + " (relman.yml:8)"),
                bad(
                        "  demo:",
                        "  Demo:",
                        "environments/Demo: 'Demo' must be lowercase letters, digits and dashes (it becomes part of container"
                                + " names) (relman.yml:3)"),
                bad(
                        "    load_balancer:\n      container: shop-demo-lb\n",
                        "",
                        "environments/demo/load_balancer: is missing; add load_balancer: the nginx container in front of the"
                                + " replicas of app (relman.yml:4)"),
                bad(
                        "port: 8000",
                        "port: [8000",
                        "not valid YAML: expected ',' or ']', but got :; check indentation and quoting"
                                + " (relman.yml:23)"),
                bad(
                        "project: shop",
                        "project: Shop Inc",
                        "project: must be lowercase letters, digits and dashes, e.g. shop (relman.yml:1)"),
                bad(
                        "    network: shop-demo",
                        "    host: ssh://deploy@shop-prod-1\n    network: shop-demo",
                        "environments/demo/host: 'ssh://deploy@shop-prod-1' is neither local nor one of hosts (none is"
                                + " listed); name one, or add it under hosts: (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    host: web1\n    hosts:\n      web1:\n        ssh: deploy@shop-prod-1 -oProxyCommand=x\n"
                                + "        key: id_ed25519\n        known_hosts: known_hosts\n    network: shop-demo",
                        "environments/demo/hosts/web1/ssh: must be USER@ADDRESS[:PORT], e.g. deployer@10.0.0.5:22"
                                + " (relman.yml:7)"),
                bad(
                        "    network: shop-demo",
                        "    host: web1\n    hosts:\n      web1:\n        ssh: deploy@shop-prod-1\n"
                                + "        key: id_ed25519\n        passphrase_env: my passphrase\n"
                                + "        known_hosts: known_hosts\n    network: shop-demo",
                        "environments/demo/hosts/web1/passphrase_env: must be the name of the worker variable that"
                                + " holds the key's passphrase, e.g. RELMAN_SSH_KEY_PASSPHRASE (relman.yml:9)"),
                bad(
                        "    network: shop-demo",
                        "    host: web1\n    hosts:\n      web1:\n        ssh: deploy@shop-prod-1:2222\n"
                                + "        known_hosts: known_hosts\n    network: shop-demo",
                        "environments/demo/hosts/web1: needs exactly one of key: (the private key's file on the worker's"
                                + " host) and key_env: (the worker variable that holds the private key) (relman.yml:7)"),
                bad(
                        "    network: shop-demo",
                        "    host: h1\n    hosts:\n      h1:\n        ssh: deploy@10.0.0.1\n        key: id\n"
                                + "        known_hosts: known_hosts\n    spread:\n      hosts_at_once: 2\n"
                                + "      services:\n        app: {hosts: [h1, h2]}\n    network: shop-demo",
                        "environments/demo/spread/hosts_at_once: must be from 1 (host by host) to 1 (every host of the"
                                + " environment at once) (relman.yml:11)",
                        "environments/demo/spread/services/app: spreads app, which the plan builds: relman builds on one"
                                + " engine, and each host needs the same image. Build it elsewhere (CI), load it on every"
                                + " host, and remove build: from the service (relman.yml:13)",
                        "environments/demo/hosts/h1: needs address: where the other hosts reach the ports it publishes"
                                + " (its private address, e.g. 10.0.0.5), since app spreads to it (relman.yml:7)",
                        "environments/demo/spread/services/app/hosts: names 'h2', which is not under hosts:"
                                + " (relman.yml:13)",
                        "environments/demo/spread/services/app: needs publish: the host port its replicas publish for"
                                + " the load balancer, e.g. 18300 (relman.yml:13)"),
                bad(
                        "    network: shop-demo",
                        "    host: h1\n    hosts:\n      h1:\n        ssh: deploy@10.0.0.1\n        key: id\n"
                                + "        known_hosts: known_hosts\n        jump: h1\n      h2:\n"
                                + "        ssh: deploy@10.0.0.2\n        key: id\n        known_hosts: known_hosts\n"
                                + "        jump: bastion\n      h3:\n        ssh: deploy@10.0.0.3\n        key: id\n"
                                + "        known_hosts: known_hosts\n        jump: h1\n    network: shop-demo",
                        "environments/demo/hosts/h1/jump: names the host itself; name the bastion the worker reaches this"
                                + " host through (relman.yml:10)",
                        "environments/demo/hosts/h2/jump: 'bastion' is not one of hosts (h1, h2, h3); list the bastion"
                                + " under hosts: with its ssh, key and known_hosts (relman.yml:15)",
                        "environments/demo/hosts/h3/jump: 'h1' is itself reached through h1; relman goes through one"
                                + " bastion: name a host the worker reaches directly (relman.yml:20)"),
                bad(
                        "      password_env: SHOP_DB_PASSWORD",
                        "      password_env: SHOP_DB_PASSWORD\n      host: db9\n      backup:\n        copy_to:\n"
                                + "          host: local\n          dir: backups",
                        "environments/demo/database/host: 'db9' is neither local nor one of hosts (none is listed); name"
                                + " the host whose docker engine runs shop-demo-db (relman.yml:14)",
                        "environments/demo/database/backup/copy_to/host: 'local' is not one of hosts; name the SSH host"
                                + " the backups are copied to (listed under hosts:; local is the worker's own disk, where"
                                + " they already are) (relman.yml:17)",
                        "environments/demo/database/backup/copy_to/dir: must be an absolute directory on that host, which"
                                + " its SSH user may write, e.g. /srv/relman/backups (relman.yml:18)"),
                bad(
                        "    load_balancer:\n      container: shop-demo-lb\n",
                        "    hosts:\n      web1:\n        ssh: deploy@10.0.0.1\n        key: id\n"
                                + "        known_hosts: known_hosts\n    load_balancer:\n      container: shop-demo-lb\n"
                                + "      host: web1\n",
                        "environments/demo/load_balancer/host: nginx on web1 reaches the replicas of app only where they"
                                + " publish their port: add app under spread: services: with its hosts and publish:, or"
                                + " run nginx on local (relman.yml:12)"),
                bad(
                        "    network: shop-demo",
                        "    host: web1\n    hosts:\n      web1:\n        worker: relman-web1\n"
                                + "        ssh: deploy@10.0.0.1\n    network: shop-demo",
                        "environments/demo/hosts/web1: has worker: and SSH settings; a host with a worker of its own is"
                                + " not reached over SSH: remove ssh, key, key_env, passphrase_env, known_hosts and jump, or worker"
                                + " (relman.yml:7)",
                        "environments/demo/hosts/web1/worker: a host with a worker of its own runs replicas and nginx"
                                + " only; it is also the database (backups land on the worker that dumps them): name a"
                                + " host reached over SSH (or local) there (relman.yml:7)"),
                bad(
                        "      password_env: SHOP_DB_PASSWORD",
                        "      password_env: SHOP_DB_PASSWORD\n      admin_user: shop_admin",
                        "environments/demo/database/admin_password_env: is missing; add admin_password_env: the name of"
                                + " the worker's environment variable that holds admin_user's password, e.g."
                                + " SHOP_DB_ADMIN_PASSWORD, not the password itself (relman.yml:10)"),
                bad(
                        "      password_env: SHOP_DB_PASSWORD",
                        "      password: hunter2",
                        "environments/demo/database/password: unknown key; the keys here are admin_password_env,"
                                + " admin_user, backup, backup_dir, container, engine, host, max_backup_age, name, password_env,"
                                + " port, restore, user (relman.yml:13)",
                        "environments/demo/database/password_env: is missing; add password_env: the name of the worker's"
                                + " environment variable that holds the password, e.g. SHOP_DB_PASSWORD, not the password itself"
                                + " (relman.yml:10)"),
                bad(
                        "    port: 8000",
                        "    port: 8000\n    validate: [items]",
                        "services/app/validate: every endpoint must be a URL path that starts with /, e.g. [/items]"
                                + " (relman.yml:23)"),
                bad(
                        "    network: shop-demo",
                        "    min_free_disk: 2 gigs\n    network: shop-demo",
                        "environments/demo/min_free_disk: must be a size such as 500MB or 2GB (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    approval: {before: deploy}\n    network: shop-demo",
                        "environments/demo/approval/before: 'deploy' is not a step of this environment's releases; name one of"
                                + " preflight, backup, build, migrate, rollout, validate (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    steps: [preflight, build, migrate, rollout]\n    network: shop-demo",
                        "environments/demo/steps: 'backup' is missing, but a service has a migration; add backup before migrate:"
                                + " the backup is the way back when a migration cannot be undone (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    steps: [preflight, build, backup, rollout, migrate, verify]\n" + "    network: shop-demo",
                        "environments/demo/steps: 'verify' is not a step; the steps are preflight, backup, build, migrate,"
                                + " rollout, validate (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    steps: [build, backup, preflight, migrate, rollout]\n    network: shop-demo",
                        "environments/demo/steps: 'preflight' must come before 'backup': the pre-flight checks must pass before"
                                + " anything is changed (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    steps: [preflight, backup, migrate, build, rollout]\n    network: shop-demo",
                        "environments/demo/steps: 'build' must come before 'migrate': the migration runs in the new image"
                                + " (relman.yml:4)"),
                bad(
                        "    port: 8000",
                        "    port: 8000\n    update_order: rolling",
                        "services/app/update_order: must be stop-first, start-first, drain-first, canary (start-first and"
                                + " drain-first need replicas that publish no host port; canary needs canary: beside it)"
                                + " (relman.yml:23)"),
                bad(
                        "      password_env: SHOP_DB_PASSWORD",
                        "      password_env: SHOP_DB_PASSWORD\n      max_backup_age: a day",
                        "environments/demo/database/max_backup_age: must be a positive duration such as 500ms, 10s, 2m or 1h"
                                + " (relman.yml:14)"),
                bad(
                        "      password_env: SHOP_DB_PASSWORD",
                        "      password_env: SHOP_DB_PASSWORD\n      backup: {schedule: nightly, keep_last: 0}",
                        "environments/demo/database/backup/schedule: 'nightly' is not a cron expression of five fields"
                                + " (minute hour day month weekday, in UTC), e.g. \"0 3 * * *\" for 03:00 every day"
                                + " (relman.yml:14)",
                        "environments/demo/database/backup/keep_last: must be a whole number from 1 to 10000 (relman.yml:14)"),
                bad(
                        "      password_env: SHOP_DB_PASSWORD",
                        "      password_env: SHOP_DB_PASSWORD\n      backup: {format: tar}",
                        "environments/demo/database/backup/format: must be custom (one file) or directory (one file per"
                                + " table, dumped and restored by jobs processes at once) (relman.yml:14)"),
                bad(
                        "    network: shop-demo",
                        "    notify: {chat: {url_env: CHAT_URL, events: [started, deployed]}}\n    network: shop-demo",
                        "environments/demo/notify/chat/events: 'deployed' is not an event; name one of started,"
                                + " waiting_for_approval, succeeded, failed, undone, undo_incomplete, backup_failed,"
                                + " drill_failed (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    notify: {chat: {url: https://hooks.example/x}}\n    network: shop-demo",
                        "environments/demo/notify/chat/url: unknown key; the keys here are events, url_env (relman.yml:4)",
                        "environments/demo/notify/chat/events: must be a non-empty list of words, e.g. [started,"
                                + " succeeded, failed, undone, undo_incomplete] (relman.yml:4)",
                        "environments/demo/notify/chat/url_env: is missing; add url_env: the worker variable holding"
                                + " the webhook's URL, e.g. SLACK_WEBHOOK_URL (relman.yml:4)"),
                bad(
                        "    network: shop-demo",
                        "    approval: {before: migrate, timeout: soon}\n    network: shop-demo",
                        "environments/demo/approval/timeout: must be a positive duration such as 500ms, 10s, 2m or 1h"
                                + " (relman.yml:4)"));
    }

    private static Arguments bad(String line, String replacement, String... expected) {
        return changed(VALID, line, replacement, expected);
    }

    /** {@code plan} with {@code text} replaced, and the problems expected of it. */
    static Arguments changed(String plan, String text, String replacement, String... expected) {
        if (!plan.contains(text)) {
            throw new IllegalArgumentException("the plan has no '" + text + "'");
        }
        return Arguments.of(plan.replace(text, replacement), List.of(expected));
    }

    @ParameterizedTest
    @MethodSource("badPlans")
    void aBadPlanIsRefusedWithItsPathLineAndFix(String plan, List<String> expected) throws IOException {
        assertRefused(write(plan), expected);
    }

    /** Loading {@code file} fails with exactly the {@code expected} problems, in order. */
    static void assertRefused(Path file, List<String> expected) {
        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class, e -> assertThat(e.problems()).containsExactlyElementsOf(expected));
    }

    @Test
    void theDatabasesAdminRoleAndItsPasswordsVariableAreRead() throws IOException {
        Plan plan = PlanLoader.load(write(VALID.replace(
                "      password_env: SHOP_DB_PASSWORD",
                "      password_env: SHOP_DB_PASSWORD\n"
                        + "      admin_user: shop_admin\n"
                        + "      admin_password_env: SHOP_DB_ADMIN_PASSWORD")));

        io.relman.plan.Database database =
                plan.environment("demo").orElseThrow().database();
        assertThat(database.adminUser()).isEqualTo("shop_admin");
        assertThat(database.adminPasswordEnv()).isEqualTo("SHOP_DB_ADMIN_PASSWORD");
        assertThat(database.scratchRole()).isEqualTo("shop_admin");
    }

    @Test
    void theDatabasesBackupBlockSaysWhenToBackUpHowLongToKeepAndWhenToDrill() throws IOException {
        Plan plan = PlanLoader.load(write(VALID.replace(
                "      password_env: SHOP_DB_PASSWORD",
                "      password_env: SHOP_DB_PASSWORD\n"
                        + "      backup: {schedule: \"0 3 * * *\", keep_last: 5, keep_days: 14, drill: \"0 4 * * 0\",\n"
                        + "               drill_check: \"SELECT count(*) FROM items\"}")));

        assertThat(plan.environment("demo").orElseThrow().database().backup())
                .isEqualTo(
                        new io.relman.plan.BackupPolicy("0 3 * * *", 5, 14, "0 4 * * 0", "SELECT count(*) FROM items"));
    }

    @Test
    void aKeyThatIsNotAPlainWordIsAProblemWithItsLineNotAStackTrace() throws IOException {
        Path file = write(VALID.replace("    replicas: 3", "    ? [replicas, count]\n    : 3"));

        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "services/app: a key must be a plain word, not a list or a mapping; quote it"
                                                + " (relman.yml:21)"));
    }

    @Test
    void aKeyGivenTwiceIsAProblemAtItsSecondLine() throws IOException {
        Path file = write(VALID.replace("    port: 8000", "    port: 8000\n    port: 8001"));

        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("services/app/port: is given twice; keep one (relman.yml:23)"));
    }

    @Test
    void aPlanThatIsNotUtf8IsAProblemAtTheLineOfItsFirstBadByte() throws IOException {
        byte[] latin1 = VALID.replace("  demo:", "  demo:   # \u00e9t\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("relman.yml"), latin1);

        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly("is not UTF-8 text; save the file as UTF-8 (relman.yml:3)"));
    }

    @Test
    void aMissingBuildContextNamesTheDirectoryItLookedFor() throws IOException {
        Path file = write(VALID.replace("context: app", "context: missing"));

        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class,
                        e -> assertThat(e.problems())
                                .containsExactly(
                                        "services/app/build/context: directory " + dir.resolve("missing")
                                                + " does not exist; give the build context relative to relman.yml (relman.yml:18)"));
    }

    @Test
    void everyProblemIsReportedAtOnce() throws IOException {
        Path file = write(VALID.replace("replicas: 3", "replicas: 99").replace("path: /health", "path: health"));

        assertThatThrownBy(() -> PlanLoader.load(file))
                .isInstanceOfSatisfying(
                        PlanException.class, e -> assertThat(e.problems()).hasSize(2));
    }

    @Test
    void aValidPlanBecomesRecordsWithDefaultsAndAnAbsoluteBuildContext() throws IOException {
        Plan plan = PlanLoader.load(write(VALID));

        assertThat(plan.project()).isEqualTo("shop");
        assertThat(plan.environment("demo").orElseThrow().loadBalancer())
                .isEqualTo(new io.relman.plan.LoadBalancer("shop-demo-lb", "/etc/nginx/relman", 80, null));
        assertThat(plan.service("app").orElseThrow().upstream()).isEqualTo("app");
        assertThat(plan.service("app").orElseThrow().minUptime()).isEqualTo(Duration.ofSeconds(10));
        assertThat(plan.environment("demo").orElseThrow().host()).isEqualTo("local");
        assertThat(plan.environment("demo").orElseThrow().database())
                .isEqualTo(new io.relman.plan.Database(
                        "shop-demo-db",
                        5432,
                        "shop",
                        "shop",
                        "SHOP_DB_PASSWORD",
                        "/var/lib/relman/backups",
                        Duration.ofHours(26),
                        io.relman.plan.BackupPolicy.DEFAULTS,
                        null));
        assertThat(plan.environment("demo").orElseThrow().steps())
                .containsExactly("preflight", "backup", "build", "migrate", "rollout", "validate");
        Service app = plan.service("app").orElseThrow();
        assertThat(app.replicas()).isEqualTo(3);
        assertThat(app.build().context()).isEqualTo(dir.resolve("app").toString());
        assertThat(app.build().dockerfile()).isEqualTo("Dockerfile");
        assertThat(app.healthcheck().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(app.healthcheck().deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(app.stopGracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(app.secretEnv()).containsEntry("PGPASSWORD", "SHOP_DB_PASSWORD");
        assertThat(app.migration().up()).isEqualTo(List.of("/app/migrate", "up"));
        assertThat(plan.environment("demo").orElseThrow().approval()).isNull();
    }

    @Test
    void aHealthCheckMayCallAReplicaBrokenAfterFailuresCountedPastItsStartPeriod() throws IOException {
        Plan plan = PlanLoader.load(
                write(VALID.replace("deadline: 30s\n", "deadline: 30s\n      failures: 3\n      start_period: 5s\n")));

        HealthCheck check = plan.service("app").orElseThrow().healthcheck();
        assertThat(check.failures()).isEqualTo(3);
        assertThat(check.startPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(PlanLoader.load(write(VALID)).service("app").orElseThrow().healthcheck())
                .as("off unless asked")
                .returns(null, HealthCheck::failures)
                .returns(null, HealthCheck::startPeriod);
    }

    @Test
    void anApprovalGateNamesItsStepAndDefaultsToADayToWait() throws IOException {
        Plan plan = PlanLoader.load(write(VALID.replace(
                "    network: shop-demo", "    approval: {before: rollout}\n" + "    network: shop-demo")));

        assertThat(plan.environment("demo").orElseThrow().approval())
                .isEqualTo(new ApprovalGate(List.of("rollout"), Duration.ofHours(24)));
    }

    @Test
    void anEnvironmentNamesItsWebhooksTheirUrlVariableAndEvents() throws IOException {
        Plan plan = PlanLoader.load(write(VALID.replace(
                "    network: shop-demo",
                "    notify:\n      chat: {url_env: CHAT_URL, events: [started, failed]}\n    network: shop-demo")));

        assertThat(plan.environment("demo").orElseThrow().webhooks())
                .containsExactly(new Webhook("chat", "CHAT_URL", List.of("started", "failed")));
    }

    @Test
    void aPlanOrdersTheStepsGatesSeveralOfThemAndReplacesStartFirst() throws IOException {
        Plan plan = PlanLoader.load(write(VALID.replace(
                        "    network: shop-demo",
                        "    steps: [build, preflight, rollout, backup, migrate, validate]\n"
                                + "    approval: {before: [rollout, migrate], timeout: 2h}\n    network: shop-demo")
                .replace("    port: 8000", "    port: 8000\n    update_order: start-first")));

        assertThat(plan.environment("demo").orElseThrow().steps())
                .containsExactly("build", "preflight", "rollout", "backup", "migrate", "validate");
        assertThat(plan.environment("demo").orElseThrow().approval())
                .isEqualTo(new ApprovalGate(List.of("rollout", "migrate"), Duration.ofHours(2)));
        assertThat(plan.service("app").orElseThrow().updateOrder()).isEqualTo(UpdateOrder.START_FIRST);
    }

    @Test
    void aStackWithAWorkerImagesBuiltElsewhereAndNoDatabaseIsAPlan() throws IOException {
        Plan plan = PlanLoader.load(write("""
                project: stack
                environments:
                  prod:
                    network: stack_default
                    load_balancer: {container: stack-lb, config_dir: /etc/nginx/conf.d/relman}
                services:
                  api:
                    image: acme/api
                    replicas: 2
                    replica_names: "{project}_{service}_{n}"
                    port: 8000
                    healthcheck: {path: /health}
                  worker:
                    image: acme/worker
                    replica_names: stack-worker
                    min_uptime: 5s
                """));

        Environment prod = plan.environment("prod").orElseThrow();
        assertThat(prod.database()).isNull();
        assertThat(prod.steps()).containsExactly("preflight", "build", "rollout", "validate");
        assertThat(prod.loadBalancer().fileOf("api")).isEqualTo("/etc/nginx/conf.d/relman/api.conf");
        Service worker = plan.service("worker").orElseThrow();
        assertThat(worker.servesTraffic()).isFalse();
        assertThat(worker.build()).isNull();
        assertThat(worker.replicaName("stack", "prod", 1)).isEqualTo("stack-worker");
        assertThat(plan.service("api").orElseThrow().replicaName("stack", "prod", 2))
                .isEqualTo("stack_api_2");
    }

    @Test
    void theShopExamplePlanIsValid() {
        Plan plan = PlanLoader.load(Path.of("../examples/shop/relman.yml"));

        assertThat(plan.environments())
                .extracting(e -> e.name())
                .containsExactly("demo", "ci", "chaos", "remote", "cluster");
    }

    @Test
    void theShopOverTwoHostsIsValidAndSpreadsAsItSays() {
        Environment spread = PlanLoader.load(Path.of("../examples/shop/relman-spread.yml"))
                .environment("spread")
                .orElseThrow();
        Service app = PlanLoader.load(Path.of("../examples/shop/relman-spread.yml"))
                .services()
                .get(0);

        assertThat(List.of(1, 2, 3))
                .extracting(index -> spread.replicaSite(app, "shop-spread-app-" + index, index))
                .extracting(site -> site.host().name(), ReplicaSite::server)
                .containsExactly(
                        tuple("h1", "10.213.1.1:18300"),
                        tuple("h2", "10.213.2.1:18300"),
                        tuple("h1", "10.213.1.1:18301"));
        assertThat(spread.engineHost().knownHostsName()).isEqualTo("[127.0.0.1]:2201");
    }

    @Test
    void aHostBehindABastionCarriesTheBastionAndIsDescribedThroughIt() throws IOException {
        Path plan = write(Files.readString(Path.of("../examples/shop/relman-spread.yml"))
                .replace(
                        "        ssh: deployer@127.0.0.1:2202\n",
                        "        ssh: deployer@10.213.32.22\n        jump: h1\n"));

        Environment spread = PlanLoader.load(plan).environment("spread").orElseThrow();

        Host behind = spread.hosts().get("h2");
        assertThat(behind.jump()).isEqualTo(spread.hosts().get("h1"));
        assertThat(behind.knownHostsName()).as("as the bastion dials it").isEqualTo("10.213.32.22");
        assertThat(behind.describe()).isEqualTo("h2 (deployer@10.213.32.22 via h1)");
    }

    private Path write(String plan) throws IOException {
        return Files.writeString(dir.resolve("relman.yml"), plan);
    }
}
