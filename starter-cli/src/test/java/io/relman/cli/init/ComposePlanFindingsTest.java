package io.relman.cli.init;

import static io.relman.cli.init.ComposePlanTest.NGINX_T;
import static io.relman.cli.init.ComposePlanTest.SCHEMA;
import static io.relman.cli.init.ComposePlanTest.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Database;
import io.relman.plan.Plan;
import io.relman.stack.DatabaseUrl;
import io.relman.stack.HealthPathSearch.Answer;
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

/**
 * relman init's findings: the health path a running replica answers, the app's database user from its
 * DATABASE_URL, values read from containers that cannot change the plan's structure, and the lines the
 * worker needs in .relman/local.env.
 */
@Timeout(10)
class ComposePlanFindingsTest {
    @TempDir
    Path dir;

    /** A probe that answers as the api answers (/healthz) and records what it was asked. */
    static final class RecordingProbe implements HealthPaths {
        final List<String> asked = new ArrayList<>();
        final Map<String, String> healthyPathOfReplica;

        RecordingProbe(Map<String, String> healthyPathOfReplica) {
            this.healthyPathOfReplica = healthyPathOfReplica;
        }

        @Override
        public List<Answer> probe(String loadBalancer, String replica, int port, List<String> paths) {
            List<Answer> answers = new ArrayList<>();
            for (String path : paths) {
                asked.add(loadBalancer + " " + replica + ":" + port + path);
                boolean healthy = path.equals(healthyPathOfReplica.get(replica)) || path.equals("/");
                answers.add(healthy ? new Answer(path, 200, null) : new Answer(path, 0, "curl: (7) refused"));
                if (healthy) {
                    break;
                }
            }
            return answers;
        }
    }

    @Test
    void theFirstUsualPathARunningReplicaAnswers2xxIsWrittenAsFound() throws IOException {
        RecordingProbe probe = new RecordingProbe(Map.of("stack-api-1", "/healthz", "stack_web_1", "/livez"));

        ComposePlan.Written written = ComposePlan.write(stack(NGINX_T), "prod", probe, SCHEMA);
        Plan plan = PlanLoader.load(Files.writeString(dir.resolve("relman.yml"), written.yaml()));

        assertThat(written.yaml())
                .contains("  api:\n")
                .contains("      path: /healthz   # found: GET /healthz answered 200\n")
                .contains("      path: /livez   # found: GET /livez answered 200\n")
                .doesNotContain("path: /health ");
        assertThat(plan.service("api").orElseThrow().healthcheck().path()).isEqualTo("/healthz");
        assertThat(probe.asked)
                .containsExactly(
                        "stack-lb stack-api-1:8000/health",
                        "stack-lb stack-api-1:8000/healthz",
                        "stack-lb stack_web_1:8080/health",
                        "stack-lb stack_web_1:8080/healthz",
                        "stack-lb stack_web_1:8080/healthcheck",
                        "stack-lb stack_web_1:8080/ready",
                        "stack-lb stack_web_1:8080/readiness",
                        "stack-lb stack_web_1:8080/livez");
    }

    @Test
    void theUsualPathsAreTriedInOrderWithTheRootLast() {
        RecordingProbe probe = new RecordingProbe(Map.of());

        String line = HealthPathLine.of(probe, "lb", "app-1", 3000);

        assertThat(line).isEqualTo("path: /   # found: GET / answered 200");
        assertThat(probe.asked)
                .containsExactly(
                        "lb app-1:3000/health",
                        "lb app-1:3000/healthz",
                        "lb app-1:3000/healthcheck",
                        "lb app-1:3000/ready",
                        "lb app-1:3000/readiness",
                        "lb app-1:3000/livez",
                        "lb app-1:3000/status",
                        "lb app-1:3000/ping",
                        "lb app-1:3000/");
    }

    @Test
    void aPathIsGuessedOnlyWhereNothingAnsweredAndSaysWhy() {
        HealthPaths refused = (lb, replica, port, paths) -> paths.stream()
                .map(path -> new Answer(path, 0, "curl: (7) refused\nmore"))
                .toList();
        HealthPaths noWorker = (lb, replica, port, paths) -> {
            throw new IllegalStateException("Find the health path of app-1: no relman worker answered within 60 s");
        };

        assertThat(HealthPathLine.of(refused, "lb", "app-1", 3000))
                .isEqualTo("path: /health   # guessed: no usual path answered 2xx on app-1:3000 (/health no answer,"
                        + " /healthz no answer, /healthcheck no answer, /ready no answer, /readiness no answer,"
                        + " /livez no answer, /status no answer, /ping no answer, / no answer; curl: (7) refused);"
                        + " set the path that answers 2xx when a replica is ready");
        assertThat(HealthPathLine.of(noWorker, "lb", "app-1", 3000))
                .isEqualTo("path: /health   # guessed: no probe ran (Find the health path of app-1: no relman worker"
                        + " answered within 60 s); set the path that answers 2xx when a replica is ready");
    }

    @Test
    void theDatabaseUserAndNameAreTheAppsFromItsDatabaseUrlAndTheWorkerLinesArePrinted() throws IOException {
        StackDescription stack = withDatabase(
                List.of("POSTGRES_DB=postgres", "POSTGRES_USER=postgres"),
                new DatabaseUrl("DATABASE_URL", "wiki", "db", 5432, "wiki_prod"));

        ComposePlan.Written written = ComposePlan.write(stack, "prod", ComposePlanTest.NOTHING_ANSWERS, SCHEMA);
        Plan plan = PlanLoader.load(Files.writeString(dir.resolve("relman.yml"), written.yaml()));

        Database database = plan.environment("prod").orElseThrow().database();
        assertThat(database.name()).isEqualTo("wiki_prod");
        assertThat(database.user()).isEqualTo("wiki");
        assertThat(database.passwordEnv()).isEqualTo("STACK_DB_PASSWORD");
        assertThat(written.yaml())
                .contains("      user: \"wiki\"   # from DATABASE_URL of stack-api-1\n")
                .doesNotContain("port: 5432");
        assertThat(written.localEnvAdvice())
                .containsExactly(
                        "The worker needs these lines in .relman/local.env (in relman's checkout; yours, no script"
                                + " writes it; add to a RELMAN_*_ALLOWED line you have with a comma):",
                        "  STACK_DB_PASSWORD=<the password of database user wiki>",
                        "  RELMAN_SECRETS_ALLOWED=STACK_DB_PASSWORD",
                        "  RELMAN_PATHS_ALLOWED=/var/lib/relman/backups/stack-prod",
                        "then apply them: chmod 600 .relman/local.env && scripts/setup.sh");
    }

    @Test
    void aUrlWithoutADatabaseMeansTheUsersOwnAndAUrlToAnotherHostIsNotTheDatabases() {
        StackDescription userOnly = withDatabase(
                List.of("POSTGRES_DB=orders", "POSTGRES_USER=postgres"),
                new DatabaseUrl("APP_DB_URL", "shop", "stack_db_1", 6432, null));
        StackDescription elsewhere = withDatabase(
                List.of("POSTGRES_DB=orders", "POSTGRES_USER=app"),
                new DatabaseUrl("ANALYTICS_URL", "reader", "warehouse.example", null, "facts"));

        String own = ComposePlan.write(userOnly, "prod", ComposePlanTest.NOTHING_ANSWERS, SCHEMA)
                .yaml();
        String other = ComposePlan.write(elsewhere, "prod", ComposePlanTest.NOTHING_ANSWERS, SCHEMA)
                .yaml();

        assertThat(own)
                .contains("      port: 6432   # from APP_DB_URL of stack-api-1\n")
                .contains("      name: \"shop\"   # from APP_DB_URL of stack-api-1\n")
                .contains("      user: \"shop\"   # from APP_DB_URL of stack-api-1\n");
        assertThat(other)
                .contains("      name: \"orders\"   # from the container's POSTGRES_* settings\n")
                .contains("      user: \"app\"   # from the container's POSTGRES_* settings\n");
    }

    @Test
    void hostileValuesReadFromContainersStayStringsAndChangeNoStructure() {
        String[] hostile = {"x: y", "#a", "*b", "two\nlines: here", "\"quoted\" \\ back", "&anchor [1, 2]", "tab\tend"};
        for (String value : hostile) {
            StackDescription stack = withDatabase(List.of("POSTGRES_DB=" + value, "POSTGRES_USER=" + value), null);

            ComposePlan.Written written = ComposePlan.write(stack, "prod", ComposePlanTest.NOTHING_ANSWERS, SCHEMA);
            Map<String, Object> yaml = new Yaml().load(written.yaml());

            @SuppressWarnings("unchecked")
            Map<String, Object> database = (Map<String, Object>)
                    ((Map<?, ?>) ((Map<?, ?>) yaml.get("environments")).get("prod")).get("database");
            assertThat(database.get("name")).as(value).isEqualTo(value);
            assertThat(database.get("user")).as(value).isEqualTo(value);
            assertThat(database.keySet())
                    .as(value)
                    .containsExactly("container", "name", "user", "password_env", "backup_dir");
            assertThat(yaml.keySet()).as(value).containsExactly("project", "environments", "services");
        }
    }

    @Test
    void quotingEscapesWhatWouldEndTheStringOrTheLine() {
        assertThat(YamlText.quoted("a\"b\\c\nd\u2028e\u0007")).isEqualTo("\"a\\\"b\\\\c\\nd\\u2028e\\u0007\"");
        assertThat(YamlText.oneLine("stack-api-1\n  injected: true")).isEqualTo("stack-api-1\\u000A  injected: true");
        assertThat((Object) new Yaml().load("v: " + YamlText.quoted("ünï \u0085 \t x: y #z")))
                .isEqualTo(Map.of("v", "ünï \u0085 \t x: y #z"));
    }

    @Test
    void theSchemaIsTheCheckoutsNamedByRelmanHomeOrFoundAboveTheCliCode() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("my relman"));
        Files.createDirectories(checkout.resolve("bin"));
        Files.writeString(checkout.resolve("bin/relman"), "#!/bin/sh\n");
        Path classes = Files.createDirectories(checkout.resolve("starter-cli/target/classes"));

        assertThat(RelmanCheckout.home(Map.of(), java.util.Optional.of(classes)))
                .isEqualTo(checkout);
        assertThat(RelmanCheckout.home(Map.of("RELMAN_HOME", "/srv/relman"), java.util.Optional.of(classes)))
                .isEqualTo(Path.of("/srv/relman"));
        assertThat(RelmanCheckout.schemaUri()).startsWith("file:///").endsWith("/docs/plan.schema.json");
    }

    /** The stack of {@link ComposePlanTest} with a PostgreSQL container, and the api's URL to it if any. */
    private static StackDescription withDatabase(List<String> databaseEnv, DatabaseUrl apiUrl) {
        StackDescription base = stack(NGINX_T);
        List<StackContainer> containers = new ArrayList<>();
        for (StackContainer container : base.containers()) {
            containers.add(
                    apiUrl != null && container.name().equals("stack-api-1")
                            ? new StackContainer(
                                    container.name(),
                                    container.composeService(),
                                    container.image(),
                                    true,
                                    container.networks(),
                                    List.of(),
                                    false,
                                    List.of(),
                                    List.of(apiUrl),
                                    List.of())
                            : container);
        }
        containers.add(ComposePlanTest.postgres(databaseEnv));
        return new StackDescription("stack", containers, base.nginx());
    }
}
