package io.relman.database;

import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import java.nio.file.Path;
import java.util.List;
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
    private final ScratchDatabase scratch;
    private final String aside;

    AtomicRestore(PgSession pg, RestoreRequest request) {
        this.pg = pg;
        this.database = request.database();
        this.aside = request.asideDatabase();
        this.scratch = new ScratchDatabase(pg, database, request.scratchDatabase(), aside);
    }

    /** Restores {@code file} (already checked against its sha256) and verifies it against {@code expected}. */
    DatabaseFingerprint restore(Path file, DatabaseFingerprint expected, Runnable heartbeat) {
        List<String> existing = List.of(
                scratch.maintenance(PgCommands.EXISTING_DATABASES_SQL).strip().split("\n"));
        if (existing.contains(aside) && existing.contains(database.name()) && !existing.contains(scratch.name())) {
            log.info("{} is already restored ({} is aside): verifying it", database.name(), aside);
            return verified(pg.fingerprint(database.name()), expected, "the restored " + database.name());
        }
        scratch.maintenance(PgCommands.REOPEN_LIVE_SQL); // an earlier attempt may have died half-way into the swap
        scratch.create();
        try {
            scratch.fill(file, heartbeat);
            DatabaseFingerprint restored = verified(
                    scratch.fingerprint(),
                    expected,
                    "the restore in " + scratch.name() + " (the live database " + database.name()
                            + " was not touched)");
            swap();
            return restored;
        } catch (RuntimeException failure) {
            scratch.drop(failure);
            throw failure;
        }
    }

    private static DatabaseFingerprint verified(DatabaseFingerprint actual, DatabaseFingerprint expected, String what) {
        List<String> differences = actual.differencesFrom(expected);
        if (!differences.isEmpty()) {
            throw FailureType.RESTORE_MISMATCH.failure(
                    what + " is not the database as it was dumped: " + String.join("; ", differences));
        }
        return actual;
    }

    private void swap() {
        try {
            scratch.maintenance(PgCommands.SWAP_SQL);
        } catch (RuntimeException failure) {
            scratch.maintenance(PgCommands.REOPEN_LIVE_SQL);
            throw FailureType.RESTORE_FAILED.failure("the verified restore could not take the place of "
                    + database.name() + " (" + failure.getMessage() + "); " + database.name() + " was not changed");
        }
        log.info("{} restored; the database it replaced is kept as {}", database.name(), aside);
    }
}
