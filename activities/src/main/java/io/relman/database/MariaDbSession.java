package io.relman.database;

import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * MariaDB's (and MySQL's) client tools inside the database's container, run with docker exec and the password in
 * their environment (MYSQL_PWD, which mariadb, mariadb-dump, mysql and mysqldump read): as for PostgreSQL, relman
 * needs no client of its own on the stack's network and no port of the database published.
 */
final class MariaDbSession {
    static final String PASSWORD_VARIABLE = "MYSQL_PWD";
    /**
     * Ends every script: docker exec cannot close a command's standard input, so the client is told to quit (its
     * own command, whatever the SQL's delimiter is then), as psql's scripts end with its own.
     */
    static final String QUIT = "\n\\q\n";

    private final DockerExec exec;
    private final Database database;
    private final Map<String, String> env;
    /** The admin user's environment (its password), read when a statement needs it; null without one. */
    private final Supplier<Map<String, String>> adminEnv;

    private MariaDbSession(
            DockerExec exec, Database database, Map<String, String> env, Supplier<Map<String, String>> adminEnv) {
        this.exec = exec;
        this.database = database;
        this.env = env;
        this.adminEnv = adminEnv;
    }

    /** A session with the password the plan names; the admin user's is read only when a statement runs as it. */
    static MariaDbSession of(DockerExec exec, Database database, SecretResolver secrets) {
        Map<String, String> env = secrets.resolve(Map.of(PASSWORD_VARIABLE, database.passwordEnv()));
        return new MariaDbSession(
                exec,
                database,
                env,
                database.adminUser() == null
                        ? null
                        : () -> Map.of(
                                PASSWORD_VARIABLE,
                                secrets.value(
                                        database.adminPasswordEnv(),
                                        "database.admin_password_env, the password of " + database.adminUser())));
    }

    DockerExec exec() {
        return exec;
    }

    Database database() {
        return database;
    }

    Map<String, String> env() {
        return env;
    }

    /** Runs {@code sql} on {@code schema} (null: the live one) as the database's user; its tab-separated output. */
    String query(String schema, String sql) {
        return run(database.user(), env, schema, sql, PgSession.QUERY_LIMIT);
    }

    /**
     * Runs {@code sql} as the user that creates, drops and renames a restore's schemas: the plan's admin_user when
     * it names one, else the database's user.
     */
    String admin(String schema, String sql) {
        return admin(schema, sql, PgSession.QUERY_LIMIT);
    }

    /** The same, allowed {@code limit}: a swap's statements may each wait for a lock. */
    String admin(String schema, String sql, Duration limit) {
        return adminEnv == null
                ? run(database.user(), env, schema, sql, limit)
                : run(database.adminUser(), adminEnv.get(), schema, sql, limit);
    }

    /** The user {@link #admin} runs as. */
    String adminUser() {
        return database.scratchRole();
    }

    /** Streams {@code script} (a dump) into {@code schema} as the admin user; fails naming the client's error. */
    void load(String schema, InputStream script, Runnable everySecond) {
        String user = adminUser();
        DockerExec.Result result = exec.stream(
                database.container(),
                MariaDbCommands.client(database, user, schema),
                adminEnv == null ? env : adminEnv.get(),
                new SequenceInputStream(script, new ByteArrayInputStream(QUIT.getBytes(StandardCharsets.UTF_8))),
                new ByteArrayOutputStream(),
                PgSession.EXEC_LIMIT,
                everySecond);
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure("loading the dump into " + schema + " as " + user + " in "
                    + database.container() + " failed (exit " + result.exitCode() + "): " + result.message());
        }
    }

    private String run(String user, Map<String, String> userEnv, String schema, String sql, Duration limit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DockerExec.Result result = exec.stream(
                database.container(),
                MariaDbCommands.client(database, user, schema == null ? database.name() : schema),
                userEnv,
                new ByteArrayInputStream((sql + QUIT).getBytes(StandardCharsets.UTF_8)),
                out,
                limit,
                () -> {});
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure("mariadb" + (schema == null ? "" : " on " + schema) + " as " + user
                    + " in " + database.container() + " exited with " + result.exitCode() + ": " + result.message());
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
