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
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore that never leaves the database empty or half-restored: the backup goes into a scratch
 * database on the same server while the live one serves on untouched, is verified there against its
 * fingerprint, and only then takes the live one's name (both renames in one transaction); the old one
 * stays aside. Any failure before the swap drops the scratch database and leaves the live one as it
 * was. A retry after the swap finds it done and verifies it again.
 */
final class AtomicRestore {
    private static final Logger log = LoggerFactory.getLogger(AtomicRestore.class);

    private final PgSession pg;
    private final Database database;
    private final Map<String, String> names;
    private final String scratch;
    private final String aside;

    AtomicRestore(PgSession pg, RestoreRequest request) {
        this.pg = pg;
        this.database = request.database();
        this.scratch = request.scratchDatabase();
        this.aside = request.asideDatabase();
        this.names = Map.of(
                PgCommands.VAR_LIVE, database.name(), PgCommands.VAR_SCRATCH, scratch, PgCommands.VAR_ASIDE, aside);
    }

    /** Restores {@code file} (already checked against its sha256) and verifies it against {@code expected}. */
    DatabaseFingerprint restore(Path file, DatabaseFingerprint expected, Runnable heartbeat) {
        List<String> existing =
                List.of(maintenance(PgCommands.EXISTING_DATABASES_SQL).strip().split("\n"));
        if (existing.contains(aside) && existing.contains(database.name()) && !existing.contains(scratch)) {
            log.info("{} is already restored ({} is aside): verifying it", database.name(), aside);
            return verified(database.name(), expected, "the restored " + database.name());
        }
        maintenance(PgCommands.REOPEN_LIVE_SQL); // an earlier attempt may have died half-way into the swap
        maintenance(PgCommands.CREATE_SCRATCH_SQL);
        try {
            fill(file, heartbeat);
            DatabaseFingerprint restored = verified(scratch, expected, "the restore in " + scratch);
            swap();
            return restored;
        } catch (RuntimeException failure) {
            try {
                maintenance(PgCommands.DROP_SCRATCH_SQL);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private void fill(Path file, Runnable heartbeat) {
        DockerExec.Result result;
        try (InputStream dump = Files.newInputStream(file)) {
            result = pg.exec().stream(
                    database.container(),
                    PgCommands.restore(database, scratch),
                    pg.env(),
                    dump,
                    OutputStream.nullOutputStream(),
                    PgSession.EXEC_LIMIT,
                    heartbeat);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the backup " + file + " failed: " + e.getMessage(), e);
        }
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure("pg_restore into the scratch database " + scratch + " exited with "
                    + result.exitCode() + ": " + result.message() + ". The live database " + database.name()
                    + " was not touched.");
        }
    }

    private DatabaseFingerprint verified(String dbname, DatabaseFingerprint expected, String what) {
        DatabaseFingerprint actual = pg.fingerprint(dbname);
        List<String> differences = actual.differencesFrom(expected);
        if (!differences.isEmpty()) {
            throw FailureType.RESTORE_MISMATCH.failure(what + " is not the database as it was dumped: "
                    + String.join("; ", differences)
                    + (dbname.equals(scratch) ? ". The live database " + database.name() + " was not touched." : ""));
        }
        return actual;
    }

    private void swap() {
        try {
            maintenance(PgCommands.SWAP_SQL);
        } catch (RuntimeException failure) {
            maintenance(PgCommands.REOPEN_LIVE_SQL);
            throw FailureType.RESTORE_FAILED.failure("the verified restore could not take the place of "
                    + database.name() + " (" + failure.getMessage() + "); " + database.name() + " was not changed");
        }
        log.info("{} restored; the database it replaced is kept as {}", database.name(), aside);
    }

    private String maintenance(String sql) {
        return pg.script(PgCommands.MAINTENANCE_DATABASE, names, sql);
    }
}
