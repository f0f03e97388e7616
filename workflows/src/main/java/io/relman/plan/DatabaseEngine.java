package io.relman.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which database server the stack runs: relman dumps, restores and fingerprints each with its own tools, run in
 * the database's container. MySQL 8 speaks MariaDB's dump format and SQL for what relman uses.
 */
public enum DatabaseEngine {
    POSTGRESQL("postgresql", 5432),
    MARIADB("mariadb", 3306),
    MYSQL("mysql", 3306);

    private final String planName;
    private final int defaultPort;

    DatabaseEngine(String planName, int defaultPort) {
        this.planName = planName;
        this.defaultPort = defaultPort;
    }

    /** As a plan's {@code engine} names it. */
    public String planName() {
        return planName;
    }

    /** The port its server listens on unless the plan says otherwise. */
    public int defaultPort() {
        return defaultPort;
    }

    /** Whether it is MariaDB or MySQL, whose tools and SQL relman shares. */
    public boolean mysqlFamily() {
        return this != POSTGRESQL;
    }

    public static Optional<DatabaseEngine> named(String planName) {
        return Arrays.stream(values())
                .filter(engine -> engine.planName.equals(planName))
                .findFirst();
    }

    public static List<String> planNames() {
        return Arrays.stream(values()).map(DatabaseEngine::planName).toList();
    }
}
