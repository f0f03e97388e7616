package io.relman.cli.init;

import static io.relman.cli.init.ComposePlanTest.NGINX_T;
import static io.relman.cli.init.ComposePlanTest.NOTHING_ANSWERS;
import static io.relman.cli.init.ComposePlanTest.SCHEMA;
import static io.relman.cli.init.ComposePlanTest.stack;
import static org.assertj.core.api.Assertions.assertThat;

import io.relman.stack.DatabaseUrl;
import io.relman.stack.StackContainer;
import io.relman.stack.StackDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

/**
 * relman init on a MariaDB or MySQL container: the engine from the image first, else from its settings; the
 * database and user from the app's URL, else the image's settings, else guessed; never a password.
 */
@Timeout(10)
class ComposePlanEnginesTest {
    @Test
    void aMysqlContainersSettingsNameItsDatabaseAndUser() {
        String yaml = plan("mysql:8.0", List.of("MYSQL_DATABASE=shop", "MYSQL_USER=shop"), null);

        assertThat(yaml)
                .contains("      engine: mysql   # from the container's image and MYSQL_* settings\n")
                .contains("      name: \"shop\"   # from the container's MYSQL_* settings\n")
                .contains("      user: \"shop\"   # from the container's MYSQL_* settings\n")
                .doesNotContain("      port: ");
        assertThat(database(yaml).keySet())
                .containsExactly("engine", "container", "name", "user", "password_env", "backup_dir");
        assertThat(services(yaml).keySet()).containsExactly("api", "web", "worker");
    }

    @Test
    void theImageDecidesSoAMariaDbImageWithMysqlSettingsIsMariaDb() {
        String yaml = plan("library/mariadb:11.4", List.of("MYSQL_DATABASE=wiki", "MYSQL_USER=wiki"), null);

        assertThat(yaml)
                .contains("      engine: mariadb   # from the container's image\n")
                .contains("      name: \"wiki\"   # from the container's MYSQL_* settings\n")
                .contains("      user: \"wiki\"   # from the container's MYSQL_* settings\n");
        assertThat(plan("mysql:8.0", List.of("MARIADB_USER=odd", "MYSQL_USER=shop"), null))
                .contains("      engine: mysql   # from the container's image and MYSQL_* settings\n")
                .contains("      user: \"shop\"   # from the container's MYSQL_* settings\n");
    }

    @Test
    void withoutAnImageItNamesTheSettingsSayTheEngineAndMysqlOnesAreAGuess() {
        assertThat(plan("acme/db:3", List.of("MARIADB_DATABASE=forge", "MARIADB_USER=forge"), null))
                .contains("      engine: mariadb   # from the container's MARIADB_* settings\n");
        assertThat(plan("acme/db:3", List.of("MYSQL_DATABASE=forge", "MYSQL_USER=forge"), null))
                .contains("      engine: mysql   # guessed: from the container's MYSQL_* settings, which MariaDB's"
                        + " images read too; mariadb if it runs MariaDB\n");
        assertThat(plan("acme/app:3", List.of(), null)).doesNotContain("database:");
    }

    @Test
    void aMysqlWithoutUserOrDatabaseGetsGuessedLinesAndAUrlPortOtherThan3306() {
        String bare = plan("mysql:8.0", List.of(), null);
        String urlWithoutDatabase =
                plan("mysql:8.0", List.of(), new DatabaseUrl("DATABASE_URL", "app", "db", 3307, null));
        String urlOnDefaultPort =
                plan("mariadb:10.11", List.of(), new DatabaseUrl("DATABASE_URL", "app", "db", 3306, "app"));

        assertThat(bare)
                .contains("      engine: mysql   # from the container's image\n")
                .contains("      name: \"stack\"   # guessed: the container sets no MYSQL_DATABASE and no app's URL"
                        + " names a database; set the one the app uses\n")
                .contains("      user: \"root\"   # guessed: the container sets no MYSQL_USER and no app's URL names"
                        + " a user; root works, the app's own user is better\n");
        assertThat(urlWithoutDatabase)
                .contains("      port: 3307   # from DATABASE_URL of stack-api-1\n")
                .contains("      name: \"stack\"   # guessed: the container sets no MYSQL_DATABASE")
                .contains("      user: \"app\"   # from DATABASE_URL of stack-api-1\n");
        assertThat(urlOnDefaultPort).doesNotContain("port: 3306");
    }

    @Test
    void noPasswordAWorkerSendsReachesThePlan() {
        String yaml = plan(
                "mariadb:10.11",
                List.of(
                        "MARIADB_DATABASE=forge",
                        "MARIADB_PASSWORD=s3cret",
                        "MARIADB_ROOT_PASSWORD=r00t",
                        "MARIADB_USER=forge",
                        "MYSQL_ROOT_PASSWORD=r00t2"),
                null);

        assertThat(yaml).doesNotContain("s3cret").doesNotContain("r00t").doesNotContain("PASSWORD=");
    }

    @Test
    void theDatabaseAnAppsUrlNamesWinsAndPostgresqlWinsOtherwise() {
        StackDescription both = stackWith(
                List.of(
                        ComposePlanTest.postgres(List.of("POSTGRES_DB=keycloak")),
                        named("stack_mysql_1", "mysql", "mysql:8.0", List.of("MYSQL_DATABASE=shop"))),
                null);
        StackDescription appOnMysql = stackWith(
                both.containers()
                        .subList(both.containers().size() - 2, both.containers().size()),
                new DatabaseUrl("DATABASE_URL", "shop", "mysql", null, "shop"));

        assertThat(ComposePlan.write(both, "prod", NOTHING_ANSWERS, SCHEMA).yaml())
                .contains("      container: \"stack_db_1\"\n")
                .doesNotContain("engine:")
                .contains("  mysql:\n");
        assertThat(ComposePlan.write(appOnMysql, "prod", NOTHING_ANSWERS, SCHEMA)
                        .yaml())
                .contains("      engine: mysql")
                .contains("      container: \"stack_mysql_1\"\n")
                .contains("  db:\n");
    }

    @Test
    void aPostgresImageWithoutSettingsIsTheDatabaseAndBeatsAnotherContainersPostgresSettings() {
        StackDescription withBackupSidecar = stackWith(
                List.of(
                        named(
                                "stack_backup_1",
                                "backup",
                                "prodrigestivill/postgres-backup-local:15",
                                List.of("POSTGRES_DB=orders", "POSTGRES_USER=app")),
                        ComposePlanTest.postgres(List.of())),
                null);

        assertThat(ComposePlan.write(withBackupSidecar, "prod", NOTHING_ANSWERS, SCHEMA)
                        .yaml())
                .contains("    database:\n      container: \"stack_db_1\"\n")
                .contains("      name: \"postgres\"   # the postgres image's default\n")
                .contains("      user: \"postgres\"   # the postgres image's default\n")
                .contains("  backup:\n");
    }

    /** The plan of {@link ComposePlanTest}'s stack with a database container stack_db_1 of this image. */
    private static String plan(String image, List<String> settings, DatabaseUrl apiUrl) {
        StackDescription stack = stackWith(List.of(ComposePlanTest.database(image, settings)), apiUrl);
        return ComposePlan.write(stack, "prod", NOTHING_ANSWERS, SCHEMA).yaml();
    }

    private static StackDescription stackWith(List<StackContainer> databases, DatabaseUrl apiUrl) {
        List<StackContainer> containers = new ArrayList<>();
        for (StackContainer container : stack(NGINX_T).containers()) {
            boolean withUrl = apiUrl != null && container.name().equals("stack-api-1");
            containers.add(withUrl ? withUrl(container, apiUrl) : container);
        }
        containers.addAll(databases);
        return new StackDescription("stack", containers, stack(NGINX_T).nginx());
    }

    private static StackContainer withUrl(StackContainer app, DatabaseUrl url) {
        return new StackContainer(
                app.name(),
                app.composeService(),
                app.image(),
                true,
                app.networks(),
                List.of(),
                false,
                List.of(),
                List.of(url),
                List.of());
    }

    private static StackContainer named(String name, String service, String image, List<String> settings) {
        return new StackContainer(
                name,
                service,
                image,
                true,
                List.of("stack_default"),
                List.of(3306),
                false,
                settings,
                List.of(),
                List.of());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> database(String yaml) {
        Map<?, ?> environments = (Map<?, ?>) ((Map<?, ?>) new Yaml().load(yaml)).get("environments");
        return (Map<String, Object>) ((Map<?, ?>) environments.get("prod")).get("database");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services(String yaml) {
        return (Map<String, Object>) ((Map<?, ?>) new Yaml().load(yaml)).get("services");
    }
}
