package io.relman.database;

import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The schemas (MariaDB's databases) a restore and a drill work with on the live one's server: listed, made like
 * the live one, filled from a backup, fingerprinted and dropped. The live schema is only ever read here.
 */
final class MariaDbSchemas {
    private final MariaDbSession db;

    MariaDbSchemas(MariaDbSession db) {
        this.db = db;
    }

    /** Every schema on the server that the admin user sees. */
    Set<String> existing() {
        return new TreeSet<>(lines(db.admin(null, MariaDbCommands.SCHEMAS_SQL)));
    }

    /** Creates {@code scratch} empty, with the live schema's character set and collation; a leftover is dropped. */
    void createLikeLive(String scratch) {
        db.admin(null, MariaDbCommands.createLike(scratch, db.database().name()));
    }

    /** Fills {@code scratch} from the backup's compressed dump. */
    void fill(String scratch, BackupFile backup, Runnable heartbeat) {
        Path dump = Path.of(backup.path());
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dump), 1 << 16)) {
            db.load(scratch, in, heartbeat);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the backup " + dump + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The fingerprint of {@code schema} now: its schema's description and the rows of each of its tables. Read as
     * the admin user, like every read here: the database's user may have no grant on a scratch schema.
     */
    DatabaseFingerprint fingerprint(String schema) {
        String described = db.admin(schema, MariaDbCommands.fingerprintSql(schema));
        List<String> tables = baseTables(schema);
        Map<String, Long> rows = tables.isEmpty()
                ? Map.of()
                : MariaDbCommands.rowCounts(db.admin(schema, MariaDbCommands.rowCountsSql(tables)));
        return MariaDbCommands.fingerprint(described, rows);
    }

    /** The tables (not the views) of {@code schema}. */
    List<String> baseTables(String schema) {
        return lines(db.admin(null, MariaDbCommands.baseTablesSql(schema)));
    }

    /** What {@code schema} holds, by kind; a kind a swap cannot move is refused, before anything changes. */
    MariaDbSwap.SchemaObjects objects(String schema) {
        try {
            return MariaDbSwap.objects(db.admin(null, MariaDbSwap.objectsSql(schema)));
        } catch (IllegalArgumentException cannot) {
            throw FailureType.RESTORE_FAILED.failure(schema + ": " + cannot.getMessage());
        }
    }

    /** Drops {@code schema}, adding a failure to drop to {@code failure} (when there is one) rather than hiding it. */
    void drop(String schema, RuntimeException failure) {
        try {
            db.admin(null, "DROP DATABASE IF EXISTS " + MariaDbCommands.identifier(schema) + ";\n");
        } catch (RuntimeException cleanup) {
            if (failure == null) {
                throw cleanup;
            }
            failure.addSuppressed(cleanup);
        }
    }

    static List<String> lines(String output) {
        return Arrays.stream(output.split("\n")).filter(line -> !line.isBlank()).toList();
    }
}
