package io.relman.database;

import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * PostgreSQL's client tools inside the database's container, run with docker exec and the password
 * in their environment: relman needs no client of its own on the database's network, and no port of
 * the database published.
 */
final class PgSession {
    /** The activity's own timeout is what bounds a dump or a restore; this only stops a hung exec. */
    static final Duration EXEC_LIMIT = Duration.ofHours(6);

    static final Duration QUERY_LIMIT = Duration.ofMinutes(2);

    private final DockerExec exec;
    private final Database database;
    private final Map<String, String> env;
    /** The admin role's environment (its password), read when a script needs it; null without an admin role. */
    private final Supplier<Map<String, String>> adminEnv;

    PgSession(DockerExec exec, Database database, Map<String, String> env) {
        this(exec, database, env, null);
    }

    PgSession(DockerExec exec, Database database, Map<String, String> env, Supplier<Map<String, String>> adminEnv) {
        this.exec = exec;
        this.database = database;
        this.env = env;
        this.adminEnv = adminEnv;
    }

    /**
     * A session with the password the plan names, resolved by the worker; the admin role's password (the
     * plan's admin_password_env) is read only when a script runs as that role, so a dump never needs it.
     */
    static PgSession of(DockerExec exec, Database database, SecretResolver secrets) {
        Map<String, String> env = secrets.resolve(Map.of("PGPASSWORD", database.passwordEnv()));
        if (database.adminUser() == null) {
            return new PgSession(exec, database, env);
        }
        return new PgSession(
                exec,
                database,
                env,
                () -> Map.of(
                        "PGPASSWORD",
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

    /** Runs a psql script on {@code dbname} with {@code variables}; its output, or a failure naming psql's error. */
    String script(String dbname, Map<String, String> variables, String sql) {
        return script(database.user(), env, dbname, variables, sql);
    }

    /**
     * Runs a psql script on the maintenance database as the role that creates, drops and renames databases:
     * the plan's admin_user when it names one, else the database's user.
     */
    String maintenance(Map<String, String> variables, String sql) {
        Login login = maintenanceLogin();
        return script(login.user(), login.env(), PgCommands.MAINTENANCE_DATABASE, variables, sql);
    }

    /** The role psql runs the maintenance database's scripts as, and its environment (the password). */
    record Login(String user, Map<String, String> env) {}

    Login maintenanceLogin() {
        return adminEnv == null ? new Login(database.user(), env) : new Login(database.adminUser(), adminEnv.get());
    }

    private String script(
            String user, Map<String, String> userEnv, String dbname, Map<String, String> variables, String sql) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DockerExec.Result result = exec.stream(
                database.container(),
                PgCommands.psqlScript(database, user, dbname, variables),
                userEnv,
                new ByteArrayInputStream((sql + "\\q\n").getBytes(StandardCharsets.UTF_8)),
                out,
                QUERY_LIMIT,
                () -> {});
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure("psql on " + dbname + " as " + user + " in " + database.container()
                    + " exited with " + result.exitCode() + ": " + result.message());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    DatabaseFingerprint fingerprint(String dbname) {
        return PgCommands.fingerprint(script(dbname, Map.of(), PgCommands.FINGERPRINT_SQL + ";\n"));
    }

    /**
     * A session holding a read-only transaction open on the live database, whose snapshot pg_dump
     * takes: the fingerprint read in it describes exactly what the dump holds.
     */
    Snapshot snapshot() {
        DockerExec.Session session =
                exec.open(database.container(), PgCommands.psqlScript(database, database.name(), Map.of()), env);
        try {
            session.send(PgCommands.EXPORT_SNAPSHOT_SQL);
            String id = session.readLine(QUERY_LIMIT).strip();
            session.send(PgCommands.FINGERPRINT_SQL + ";\n\\echo " + PgCommands.END_OF_OUTPUT + "\n");
            List<String> lines = new ArrayList<>();
            for (String line = session.readLine(QUERY_LIMIT);
                    !line.equals(PgCommands.END_OF_OUTPUT);
                    line = session.readLine(QUERY_LIMIT)) {
                lines.add(line);
            }
            return new Snapshot(session, id, PgCommands.fingerprint(String.join("\n", lines)));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** An exported snapshot and the fingerprint read in it; closing ends its transaction. */
    record Snapshot(DockerExec.Session session, String id, DatabaseFingerprint fingerprint) implements AutoCloseable {
        @Override
        public void close() {
            try {
                session.send("COMMIT;\n\\q\n");
                session.finish(QUERY_LIMIT);
            } finally {
                session.close();
            }
        }
    }
}
