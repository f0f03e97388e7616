package io.relman.database;

import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A database beside the live one on the same server, made like it (owner, encoding, collation), that
 * a backup is restored into: a restore verifies it there before it takes the live one's place, a drill
 * checks it and drops it. The live database is never touched.
 */
final class ScratchDatabase {
    private final PgSession pg;
    private final Database database;
    private final String name;
    private final Map<String, String> names;

    /** {@code aside}: the name the live database is to be kept under if this one replaces it, or null. */
    ScratchDatabase(PgSession pg, Database database, String name, String aside) {
        this.pg = pg;
        this.database = database;
        this.name = name;
        this.names = aside == null
                ? Map.of(PgCommands.VAR_LIVE, database.name(), PgCommands.VAR_SCRATCH, name)
                : Map.of(
                        PgCommands.VAR_LIVE,
                        database.name(),
                        PgCommands.VAR_SCRATCH,
                        name,
                        PgCommands.VAR_ASIDE,
                        aside);
    }

    String name() {
        return name;
    }

    /**
     * Runs a psql script on the maintenance database, with the live, scratch and aside names as variables, as
     * the role that creates, drops and renames databases (the plan's admin_user, else the database's user).
     */
    String maintenance(String sql) {
        return pg.maintenance(names, sql);
    }

    /** Creates it empty; a leftover of a run that died is dropped first. */
    void create() {
        maintenance(PgCommands.CREATE_SCRATCH_SQL);
    }

    /**
     * Fills it from {@code backup}: a custom-format dump streamed into pg_restore in one transaction, a
     * directory-format one copied into the container and restored by the plan's jobs.
     */
    void fill(BackupFile backup, Runnable heartbeat) {
        if (backup.directoryFormat()) {
            new DirectoryDump(pg, database).restore(backup, name, heartbeat);
            return;
        }
        Path dump = Path.of(backup.path());
        DockerExec.Result result;
        try (InputStream in = Files.newInputStream(dump)) {
            result = pg.exec().stream(
                    database.container(),
                    PgCommands.restore(database, name),
                    pg.env(),
                    in,
                    OutputStream.nullOutputStream(),
                    PgSession.EXEC_LIMIT,
                    heartbeat);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the backup " + dump + " failed: " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure("pg_restore into the scratch database " + name + " exited with "
                    + result.exitCode() + ": " + result.message() + ". The live database " + database.name()
                    + " was not touched.");
        }
    }

    DatabaseFingerprint fingerprint() {
        return pg.fingerprint(name);
    }

    /** Runs SQL (the plan's drill_check) on it; what it printed. */
    String run(String sql) {
        return pg.script(name, Map.of(), sql.strip().endsWith(";") ? sql + "\n" : sql + ";\n");
    }

    /** Drops it, adding a failure to drop to {@code failure} (when there is one) rather than hiding it. */
    void drop(RuntimeException failure) {
        try {
            maintenance(PgCommands.DROP_SCRATCH_SQL);
        } catch (RuntimeException cleanup) {
            if (failure == null) {
                throw cleanup;
            }
            failure.addSuppressed(cleanup);
        }
    }
}
