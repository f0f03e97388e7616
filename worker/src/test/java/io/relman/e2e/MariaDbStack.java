package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.docker.DockerClients;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.plan.DatabaseEngine;
import io.relman.plan.Host;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A MariaDB 10.11 (Debian's, relman/mariadb:10.11, docker/mariadb) as a PHP app's guide runs it: a container with the
 * official image's settings, the app's user granted its own schema only. relman never made it.
 */
final class MariaDbStack {
    static final String IMAGE = "relman/mariadb:10.11";
    static final String NETWORK = "relman-forge-ci";
    static final String CONTAINER = "forge-db-ci";
    static final String NAME = "forge";
    static final String USER = "forge";
    static final String PASSWORD_ENV = "FORGE_DB_PASSWORD";
    static final String PASSWORD = UUID.randomUUID().toString();
    private static final String ROOT_PASSWORD = UUID.randomUUID().toString();
    static final DockerEngines ENGINES = E2eRuntime.localEngines(DockerClients.fromEnvironment());
    static final DockerExec EXEC = ENGINES.on(Host.LOCAL).exec();

    private MariaDbStack() {}

    /** The plan's database: the app's user, backups into {@code backupDir}. */
    static Database database(String backupDir) {
        return new Database(
                CONTAINER,
                3306,
                NAME,
                USER,
                PASSWORD_ENV,
                backupDir,
                null,
                null,
                null,
                null,
                null,
                DatabaseEngine.MARIADB,
                null);
    }

    /** A fresh server (the image built from docker/mariadb when missing), its schema filled by {@code seed}. */
    static void up(String seed) {
        E2eRuntime.run(
                "sh",
                "-c",
                "docker image inspect " + IMAGE + " >/dev/null 2>&1 || docker build -q -t " + IMAGE + " "
                        + E2eRuntime.HOME.resolve("docker/mariadb"));
        down();
        E2eRuntime.run("docker", "network", "create", NETWORK);
        E2eRuntime.run(
                Map.of("MARIADB_PASSWORD", PASSWORD, "MARIADB_ROOT_PASSWORD", ROOT_PASSWORD),
                "docker",
                "run",
                "-d",
                "--name",
                CONTAINER,
                "--network",
                NETWORK,
                "-e",
                "MARIADB_DATABASE=" + NAME,
                "-e",
                "MARIADB_USER=" + USER,
                "-e",
                "MARIADB_PASSWORD",
                "-e",
                "MARIADB_ROOT_PASSWORD",
                IMAGE);
        Wait.until("MariaDB to answer", Duration.ofMinutes(2), () -> {
            try {
                return client(USER, PASSWORD, "SELECT 1").exitCode() == 0;
            } catch (RuntimeException notYet) {
                return false;
            }
        });
        DockerExec.Result seeded = client(USER, PASSWORD, seed);
        assertThat(seeded.exitCode()).as("the seed: %s", seeded.stderr()).isZero();
    }

    static void down() {
        E2eRuntime.run(
                "sh",
                "-c",
                "docker rm -f -v " + CONTAINER + " >/dev/null 2>&1; docker network rm " + NETWORK
                        + " >/dev/null 2>&1; true");
    }

    /** {@code sql} on the app's schema as its user; the tab-separated output. */
    static String sql(String sql) {
        DockerExec.Result result = client(USER, PASSWORD, sql);
        assertThat(result.exitCode()).as("%s: %s", sql, result.stderr()).isZero();
        return result.stdout().strip();
    }

    /** {@code sql} as root: grants. */
    static String asRoot(String sql) {
        DockerExec.Result result = client("root", ROOT_PASSWORD, sql);
        assertThat(result.exitCode()).as("%s: %s", sql, result.stderr()).isZero();
        return result.stdout().strip();
    }

    private static DockerExec.Result client(String user, String password, String sql) {
        return client(CONTAINER, NAME, user, password, sql);
    }

    /** {@code sql} with the mariadb client of {@code container} on schema {@code schema}; what it printed. */
    static DockerExec.Result client(String container, String schema, String user, String password, String sql) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        DockerExec.Result result = EXEC.stream(
                container,
                List.of("mariadb", "--batch", "--skip-column-names", "--user=" + user, schema),
                Map.of("MYSQL_PWD", password),
                new ByteArrayInputStream((sql + "\n\\q\n").getBytes(StandardCharsets.UTF_8)), // exec keeps stdin open
                out,
                Duration.ofMinutes(5),
                () -> {});
        return new DockerExec.Result(result.exitCode(), out.toString(StandardCharsets.UTF_8), result.stderr());
    }

    /** A digest of a table's rows, to compare it before and after. */
    static String checksum(String table) {
        return sql("CHECKSUM TABLE `" + table + "` EXTENDED").split("\t")[1];
    }
}
