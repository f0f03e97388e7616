package io.relman.cli.init;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The database engine a container of the stack runs, as the plan's {@code engine:} names it, told from the
 * container alone: by its image's repository first, since MariaDB's images read MYSQL_* settings too, else
 * by the settings its image reads ({@code StackContainer.databaseEnv}).
 */
enum DatabaseKind {
    POSTGRESQL(5432, "POSTGRES_", List.of("POSTGRES_DB"), List.of("POSTGRES_USER")),
    MARIADB(3306, "MARIADB_", List.of("MARIADB_DATABASE", "MYSQL_DATABASE"), List.of("MARIADB_USER", "MYSQL_USER")),
    MYSQL(3306, "MYSQL_", List.of("MYSQL_DATABASE"), List.of("MYSQL_USER"));

    // Official and well-known images whose repository does not end in the engine's name.
    private static final Set<String> POSTGRESQL_IMAGES = Set.of("postgis", "timescaledb", "timescaledb-ha", "pgvector");
    private static final Set<String> MYSQL_IMAGES = Set.of("mysql-server", "percona", "percona-server");

    /** The port its server listens on unless told otherwise. */
    final int defaultPort;
    /** The prefix of the settings only its images read. */
    final String ownSettings;
    /** The settings that name the database its image creates, the first one set wins. */
    final List<String> databaseKeys;
    /** The settings that name the user its image creates, the first one set wins. */
    final List<String> userKeys;

    DatabaseKind(int defaultPort, String ownSettings, List<String> databaseKeys, List<String> userKeys) {
        this.defaultPort = defaultPort;
        this.ownSettings = ownSettings;
        this.databaseKeys = databaseKeys;
        this.userKeys = userKeys;
    }

    /** As the plan's {@code engine:} writes it. */
    String planName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code mariadb}, {@code bitnami/mysql}, {@code postgis/postgis}: the last part of the repository. */
    static Optional<DatabaseKind> ofImage(String repository) {
        String last = repository.substring(repository.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (last.endsWith("mariadb")) {
            return Optional.of(MARIADB);
        }
        if (last.endsWith("mysql") || MYSQL_IMAGES.contains(last)) {
            return Optional.of(MYSQL);
        }
        if (last.endsWith("postgres") || last.endsWith("postgresql") || POSTGRESQL_IMAGES.contains(last)) {
            return Optional.of(POSTGRESQL);
        }
        return Optional.empty();
    }

    /** By the settings' keys: POSTGRES_*, else MARIADB_*, else MYSQL_* (which MariaDB's images read too). */
    static Optional<DatabaseKind> ofSettings(Collection<String> keys) {
        return Stream.of(values()).filter(kind -> kind.hasOwnSettings(keys)).findFirst();
    }

    boolean hasOwnSettings(Collection<String> keys) {
        return keys.stream().anyMatch(key -> key.startsWith(ownSettings));
    }
}
