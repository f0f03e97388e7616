package io.relman.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.stack.DatabaseUrl;
import io.relman.stack.HealthPathSearch;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** relman init: a plan for a compose stack relman never saw, from what its engine says of it. */
@Timeout(10)
class ComposePlanTest {
    static final String NGINX_T = """
            nginx: the configuration file /etc/nginx/stack.conf syntax is ok
            nginx: configuration file /etc/nginx/stack.conf test is successful
            # configuration file /etc/nginx/stack.conf:
            worker_processes 1;
            events { worker_connections 64; }
            http {
              include /etc/nginx/relman/*.conf;
              server { listen 80; location /api/ { proxy_pass http://api; } location / { proxy_pass http://web; } }
            }

            # configuration file /etc/nginx/relman/api.conf:
            upstream api { server stack-api-1:8000; server stack-api-2:8000; }

            # configuration file /etc/nginx/relman/web.conf:
            # the shop's front end
            upstream web {
                server stack_web_1:8080 max_fails=1;
                server stack_web_2:8080;
            }
            """;

    static final String SCHEMA = "file:///opt/relman/docs/plan.schema.json";
    /** Every path answers 404. */
    static final HealthPaths NOTHING_ANSWERS = (lb, replica, port, paths) -> paths.stream()
            .map(path -> new HealthPathSearch.Answer(path, 404, null))
            .toList();

    @TempDir
    Path dir;

    @Test
    void aComposeStackBecomesAPlanThatValidatesWithItsOwnNamesAndUpstreams() throws IOException {
        ComposePlan.Written written = ComposePlan.write(stack(NGINX_T), "prod", NOTHING_ANSWERS, SCHEMA);

        Plan plan = PlanLoader.load(Files.writeString(dir.resolve("relman.yml"), written.yaml()));

        assertThat(written.changesToMake()).isEmpty();
        assertThat(plan.project()).isEqualTo("stack");
        assertThat(plan.environment("prod").orElseThrow().network()).isEqualTo("stack_default");
        assertThat(plan.environment("prod").orElseThrow().loadBalancer().container())
                .isEqualTo("stack-lb");
        assertThat(plan.environment("prod").orElseThrow().database()).isNull();
        assertThat(plan.services()).extracting(Service::name).containsExactly("api", "web", "worker");
        Service api = plan.service("api").orElseThrow();
        assertThat(api.replicas()).isEqualTo(2);
        assertThat(api.replicaName("stack", "prod", 2)).isEqualTo("stack-api-2");
        assertThat(api.port()).isEqualTo(8000);
        assertThat(api.build()).isNull();
        assertThat(plan.service("web").orElseThrow().replicaName("stack", "prod", 1))
                .isEqualTo("stack_web_1");
        assertThat(plan.service("web").orElseThrow().port()).isEqualTo(8080);
        assertThat(plan.service("worker").orElseThrow().servesTraffic()).isFalse();
        assertThat(written.yaml())
                .startsWith("# yaml-language-server: $schema=file:///opt/relman/docs/plan.schema.json\n")
                .contains("path: /health   # guessed: no usual path answered 2xx on stack-api-1:8000 (/health 404,"
                        + " /healthz 404, /healthcheck 404, /ready 404, /readiness 404, /livez 404, /status 404,"
                        + " /ping 404, / 404); set the path that answers 2xx when a replica is ready")
                .contains("min_uptime: 10s   # guessed");
        assertThat(written.localEnvAdvice()).as("no secret, no directory").isEmpty();
    }

    @Test
    void upstreamsInTheStacksOwnFileAreTheChangesToMake() {
        String inline = """
                # configuration file /etc/nginx/stack.conf:
                http {
                  upstream api { server stack-api-1:8000; server stack-api-2:8000; }
                  upstream web { server stack_web_1:8080; server stack_web_2:8080; }
                  server { listen 80; location / { proxy_pass http://web; } }
                }
                """;

        ComposePlan.Written written = ComposePlan.write(stack(inline), "prod", NOTHING_ANSWERS, SCHEMA);

        assertThat(written.yaml()).contains("config_dir: \"/etc/nginx/relman\"");
        assertThat(written.changesToMake())
                .containsExactly(
                        "move `upstream api {...}` out of /etc/nginx/stack.conf into /etc/nginx/relman/api.conf, a file"
                                + " of its own that nginx includes (include /etc/nginx/relman/*.conf; inside http {}):"
                                + " relman rewrites that file at every release",
                        "move `upstream web {...}` out of /etc/nginx/stack.conf into /etc/nginx/relman/web.conf, a file"
                                + " of its own that nginx includes (include /etc/nginx/relman/*.conf; inside http {}):"
                                + " relman rewrites that file at every release");
    }

    @Test
    void itsPostgreSQLBecomesTheDatabaseNotAService() throws IOException {
        List<StackContainer> containers = new ArrayList<>(stack(NGINX_T).containers());
        containers.add(postgres(List.of("POSTGRES_DB=orders", "POSTGRES_USER=app")));
        StackDescription withDatabase =
                new StackDescription("stack", containers, stack(NGINX_T).nginx());

        ComposePlan.Written written = ComposePlan.write(withDatabase, "prod", NOTHING_ANSWERS, SCHEMA);
        Plan plan = PlanLoader.load(Files.writeString(dir.resolve("relman.yml"), written.yaml()));

        var database = plan.environment("prod").orElseThrow().database();
        assertThat(database.container()).isEqualTo("stack_db_1");
        assertThat(database.name()).isEqualTo("orders");
        assertThat(database.user()).isEqualTo("app");
        assertThat(database.passwordEnv()).isEqualTo("STACK_DB_PASSWORD");
        assertThat(database.backupDir()).isEqualTo("/var/lib/relman/backups/stack-prod");
        assertThat(written.yaml())
                .contains("      name: \"orders\"   # from the container's POSTGRES_* settings\n")
                .contains("password_env: STACK_DB_PASSWORD   # the worker's variable with this user's password");
        assertThat(plan.services()).extracting(Service::name).containsExactly("api", "web", "worker");
    }

    @Test
    void aMariaDbStackGetsItsEngineAndTheAppsUserFromLaravelsDbSettings() {
        DatabaseUrl laravel = new DatabaseUrl("DB_*", "forge_app", "db", 3306, "forge");
        StackDescription forge = new StackDescription(
                "forge",
                List.of(
                        new StackContainer(
                                "forge-db-prod",
                                "db",
                                "mariadb:10.11",
                                true,
                                List.of("forge_default"),
                                List.of(3306),
                                true,
                                List.of("MARIADB_DATABASE=forge", "MARIADB_USER=forge"),
                                List.of(),
                                List.of()),
                        forgeWeb(1, laravel),
                        forgeWeb(2, laravel),
                        forgeWeb(3, laravel)),
                List.of());

        ComposePlan.Written written = ComposePlan.write(forge, "prod", NOTHING_ANSWERS, SCHEMA);
        Map<String, Object> yaml = new Yaml().load(written.yaml());

        assertThat(written.yaml())
                .contains("    database:\n"
                        + "      engine: mariadb   # from the container's image and MARIADB_* settings\n"
                        + "      container: \"forge-db-prod\"\n"
                        + "      name: \"forge\"   # from DB_* of forge-web-1-prod\n"
                        + "      user: \"forge_app\"   # from DB_* of forge-web-1-prod\n"
                        + "      password_env: FORGE_DB_PASSWORD   #")
                .doesNotContain("      port: ");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) yaml.get("services");
        assertThat(services.keySet()).containsExactly("web");
        assertThat(services.get("web"))
                .containsEntry("replicas", 3)
                .containsEntry("replica_names", "forge-web-{n}-prod");
        assertThat(written.localEnvAdvice()).contains("  FORGE_DB_PASSWORD=<the password of database user forge_app>");
    }

    /** forge's Laravel app, replica N, whose DB_* name the database. */
    private static StackContainer forgeWeb(int n, DatabaseUrl url) {
        return new StackContainer(
                "forge-web-" + n + "-prod",
                "web",
                "forge/web:v3",
                true,
                List.of("forge_default"),
                List.of(9000),
                false,
                List.of(),
                List.of(url),
                List.of());
    }

    static StackDescription stack(String nginx) {
        return new StackDescription(
                "stack",
                List.of(
                        container("stack-api-1", "api1", "compose/api:v1"),
                        container("stack-api-2", "api2", "compose/api:v1"),
                        container("stack-lb", "lb", "relman/nginx:bookworm"),
                        container("stack_web_1", "web", "compose/web:v1"),
                        container("stack_web_2", "web", "compose/web:v1"),
                        container("stack_worker_1", "worker", "compose/worker:v1")),
                List.of(new StackDescription.NginxDump("stack-lb", nginx)));
    }

    /** The stack's PostgreSQL, stack_db_1 on 5432, with the given environment. */
    static StackContainer postgres(List<String> env) {
        return database("postgres:15", env);
    }

    /** The stack's database container stack_db_1 of this image, with the given database settings. */
    static StackContainer database(String image, List<String> env) {
        return new StackContainer(
                "stack_db_1",
                "db",
                image,
                true,
                List.of("stack_default"),
                List.of(5432),
                false,
                env,
                List.of(),
                List.of());
    }

    static StackContainer container(String name, String service, String image) {
        return new StackContainer(
                name,
                service,
                image,
                true,
                List.of("stack_default"),
                List.of(),
                false,
                List.of(),
                List.of(),
                List.of());
    }
}
