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
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database beside the live one on the same server, made like it (owner, encoding, collation), that
 * a backup is restored into: a restore verifies it there before it takes the live one's place, a drill
 * checks it and drops it. The live database is never touched.
 */
final class ScratchDatabase {
    private static final Logger log = LoggerFactory.getLogger(ScratchDatabase.class);

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
     * Fills it from {@code backup}: a custom-format dump streamed into pg_restore in one transaction (its
     * sha256 checked from the same read), a directory-format one copied into the container and restored by
     * the plan's jobs.
     */
    void fill(BackupFile backup, Runnable heartbeat) {
        if (backup.directoryFormat()) {
            new DirectoryDump(pg, database).restore(backup, name, heartbeat);
            return;
        }
        Path dump = Path.of(backup.path());
        DockerExec.Result result;
        MessageDigest streamed = Sha256.digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(dump), streamed)) {
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
        // A damaged file fails pg_restore too, most often: its damage is named first, before pg_restore's exit.
        if (!isWhole(streamed, backup, dump)) {
            throw FailureType.BACKUP_CORRUPT.failure("the backup " + backup.id() + " is damaged (" + dump
                    + " is not the file its manifest's sha256 names); the live database " + database.name()
                    + " was not touched. Restore it by hand from another copy");
        }
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure("pg_restore into the scratch database " + name + " exited with "
                    + result.exitCode() + ": " + result.message() + ". The live database " + database.name()
                    + " was not touched.");
        }
    }

    /**
     * Whether the dump is the file its manifest names, from the sha256 of what pg_restore read. An exec can end
     * before its input's last bytes were read (pg_restore failed, or the transport was slow to see the end):
     * then the file itself is read again to decide.
     */
    private static boolean isWhole(MessageDigest streamed, BackupFile backup, Path dump) {
        if (Sha256.hex(streamed).equals(backup.sha256())) {
            return true;
        }
        log.info("the sha256 of what pg_restore read of {} is not its manifest's: reading the file again", dump);
        return Sha256.of(dump).equals(backup.sha256());
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
