package io.relman.database;

import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /** Restores {@code backup} (its sha256 checked before the swap) and verifies it against its fingerprint. */
    DatabaseFingerprint restore(BackupFile backup, Runnable heartbeat) {
        DatabaseFingerprint expected = backup.fingerprint();
        List<String> existing = List.of(
                scratch.maintenance(PgCommands.EXISTING_DATABASES_SQL).strip().split("\n"));
        if (existing.contains(aside) && existing.contains(database.name()) && !existing.contains(scratch.name())) {
            log.info("{} is already restored ({} is aside): verifying it", database.name(), aside);
            return verified(pg.fingerprint(database.name()), expected, "the restored " + database.name());
        }
        scratch.maintenance(PgCommands.REOPEN_LIVE_SQL); // an earlier attempt may have died half-way into the swap
        scratch.create();
        try {
            scratch.fill(backup, heartbeat);
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

    /**
     * Puts the database this restore replaced back in the live one's place; the restored one is kept
     * as {@code restoredAside}. Idempotent: a restore that never swapped, or one already put back, is
     * left as it is.
     */
    static String putBack(PgSession pg, PutBackRequest request) {
        Database database = request.database();
        ScratchDatabase restored = new ScratchDatabase(pg, database, request.restoredAside(), request.asideDatabase());
        List<String> existing = List.of(
                restored.maintenance(PgCommands.EXISTING_DATABASES_SQL).strip().split("\n"));
        if (!existing.contains(request.asideDatabase())) {
            return existing.contains(request.restoredAside())
                    ? database.name() + " was already put back; the restored one is kept as " + request.restoredAside()
                    : "the restore never replaced " + database.name() + ": nothing to put back";
        }
        try {
            restored.maintenance(PgCommands.PUT_BACK_SQL);
        } catch (RuntimeException failure) {
            restored.maintenance(PgCommands.REOPEN_LIVE_SQL);
            throw failure;
        }
        return database.name() + " is the database from before the restore again; the restored one is kept as "
                + request.restoredAside();
    }

    /** Drops the databases restores set aside once they are keepDays old; each one dropped, in words. */
    static List<String> dropAsides(PgSession pg, AsideRetention request) {
        Database database = request.database();
        String listed = pg.maintenance(
                Map.of("prefix", RestoreDatabases.asidePrefix(database.name())),
                PgCommands.DATABASES_STARTING_WITH_SQL);
        List<String> dropped = new ArrayList<>();
        for (Due due : dueAsides(database.name(), List.of(listed.strip().split("\n")), request)) {
            pg.maintenance(Map.of("name", due.name()), PgCommands.DROP_DATABASE_SQL);
            log.info("dropped {}, set aside by a restore {} days ago", due.name(), due.days());
            dropped.add(due.name() + " (set aside by a restore " + due.days() + " days ago)");
        }
        return dropped;
    }

    /** A database (or MariaDB schema) set aside by a restore that retention drops, and its age in days. */
    record Due(String name, long days) {}

    /**
     * Which of {@code listed} retention drops: those set aside keepDays ago or more, but never the newest, the
     * undo of the last restore, whatever keep_days says.
     */
    static List<Due> dueAsides(String live, List<String> listed, AsideRetention request) {
        String newest = newestAside(live, String.join("\n", listed));
        List<Due> due = new ArrayList<>();
        for (String name : listed) {
            Optional<Instant> since = RestoreDatabases.asideSince(live, name);
            if (since.isEmpty() || name.equals(newest)) {
                continue;
            }
            long days = Duration.ofMillis(request.nowMillis() - since.get().toEpochMilli())
                    .toDays();
            if (days >= request.keepDays()) {
                due.add(new Due(name, days));
            }
        }
        return due;
    }

    /** The database set aside last, among {@code listed} (one name a line), or null. */
    static String newestAside(String live, String listed) {
        String newest = null;
        Instant newestSince = null;
        for (String name : listed.strip().split("\n")) {
            Optional<Instant> since = RestoreDatabases.asideSince(live, name);
            if (since.isPresent() && (newestSince == null || since.get().isAfter(newestSince))) {
                newest = name;
                newestSince = since.get();
            }
        }
        return newest;
    }

    /** {@code actual}, when it is {@code expected}; else a RESTORE_MISMATCH naming {@code what} and the differences. */
    static DatabaseFingerprint verified(DatabaseFingerprint actual, DatabaseFingerprint expected, String what) {
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
