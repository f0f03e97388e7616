package io.relman.cli.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine a container runs, by its image's repository, else by its settings' keys. */
@Timeout(5)
class DatabaseKindTest {
    @ParameterizedTest
    @CsvSource({
        "mariadb, MARIADB",
        "bitnami/mariadb, MARIADB",
        "registry:5000/yobasystems/alpine-mariadb, MARIADB",
        "mysql, MYSQL",
        "mysql/mysql-server, MYSQL",
        "percona, MYSQL",
        "percona/percona-server, MYSQL",
        "postgres, POSTGRESQL",
        "relman/postgres, POSTGRESQL",
        "bitnami/postgresql, POSTGRESQL",
        "postgis/postgis, POSTGRESQL",
        "timescale/timescaledb, POSTGRESQL"
    })
    void theImagesRepositoryNamesTheEngine(String repository, DatabaseKind kind) {
        assertThat(DatabaseKind.ofImage(repository)).contains(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "compose/api",
                "prom/mysqld-exporter",
                "prodrigestivill/postgres-backup-local",
                "phpmyadmin",
                "mariadb/maxscale"
            })
    void otherImagesNameNone(String repository) {
        assertThat(DatabaseKind.ofImage(repository)).isEmpty();
    }

    @Test
    void settingsNameTheEngineWhenTheImageDoesNot() {
        assertThat(DatabaseKind.ofSettings(List.of("POSTGRES_DB", "POSTGRES_USER")))
                .contains(DatabaseKind.POSTGRESQL);
        assertThat(DatabaseKind.ofSettings(List.of("MYSQL_USER", "MARIADB_DATABASE")))
                .contains(DatabaseKind.MARIADB);
        assertThat(DatabaseKind.ofSettings(List.of("MYSQL_DATABASE"))).contains(DatabaseKind.MYSQL);
        assertThat(DatabaseKind.ofSettings(List.of())).isEqualTo(Optional.empty());
        assertThat(DatabaseKind.MARIADB.planName()).isEqualTo("mariadb");
        assertThat(DatabaseKind.MYSQL.defaultPort).isEqualTo(3306);
        assertThat(DatabaseKind.POSTGRESQL.defaultPort).isEqualTo(5432);
    }
}
