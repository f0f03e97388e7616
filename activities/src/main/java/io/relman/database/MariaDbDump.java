package io.relman.database;

import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import io.temporal.activity.ActivityExecutionContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * One backup of a MariaDB or MySQL database: mariadb-dump's one-transaction snapshot, compressed and streamed into
 * the backup directory with its sha256 computed on the way (one read), then its manifest. MariaDB cannot share a
 * snapshot between sessions as PostgreSQL does, so the fingerprint is the dump's own: its rows counted as they
 * stream past, and the schema described before and after the dump, which must not have changed meanwhile.
 */
record MariaDbDump(MariaDbSession db, BackupDirectory directory, ActivityExecutionContext activity) {
    BackupFile take(DumpRequest request, String machineQueue) {
        Database database = request.database();
        Path data = directory.names().dataFile(request.backupId());
        Path partial = BackupFileNames.partialOf(data);
        long started = System.currentTimeMillis();
        String schemaBefore = db.query(database.name(), MariaDbCommands.fingerprintSql(database.name()));
        Dumped dumped;
        try {
            dumped = dump(partial);
            String schemaAfter = db.query(database.name(), MariaDbCommands.fingerprintSql(database.name()));
            if (!schemaOf(schemaAfter).equals(schemaOf(schemaBefore))) {
                Files.deleteIfExists(partial);
                throw FailureType.BACKUP_FAILED.failure("the schema of " + database.name() + " changed while it was"
                        + " dumped (a migration or another schema change ran meanwhile); take the backup again");
            }
            directory.publish(partial, data);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the backup " + data + " failed: " + e.getMessage(), e);
        }
        // Every table of the schema, with the rows the dump holds: a table without any has no INSERT in it.
        Map<String, Long> counted = dumped.rowCounts();
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        // Read as the database's user: a backup never needs the admin user's password.
        MariaDbSchemas.lines(db.query(null, MariaDbCommands.baseTablesSql(database.name())))
                .forEach(table -> rowCounts.put(table, counted.getOrDefault(table, 0L)));
        BackupFile backup = new BackupFile(
                request.backupId(),
                data.toString(),
                BackupDump.sizeOf(data),
                dumped.sha256(),
                System.currentTimeMillis() - started,
                MariaDbCommands.fingerprint(schemaBefore, rowCounts),
                database.name(),
                BackupDump.RELMAN_VERSION,
                request.releaseId(),
                started,
                null,
                machineQueue);
        directory.writeManifest(backup);
        return backup;
    }

    /** The schema half of a fingerprint: the lines as described, in their order. */
    private static String schemaOf(String described) {
        return MariaDbCommands.fingerprint(described, Map.of()).schemaSha256();
    }

    /** The file's sha256 and the rows of each table the dump holds. */
    private record Dumped(String sha256, Map<String, Long> rowCounts) {}

    /** mariadb-dump's output, its rows counted, gzip-compressed (fastest level) into {@code partial}. */
    private Dumped dump(Path partial) throws IOException {
        Database database = db.database();
        MessageDigest sha256 = Sha256.digest();
        io.relman.docker.DockerExec.Result result;
        DumpRowCounter rows;
        try (FileChannel channel = directory.createPartial(partial)) {
            OutputStream file = new DigestOutputStream(
                    new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16), sha256);
            GZIPOutputStream gzip = new GZIPOutputStream(file, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            rows = new DumpRowCounter(gzip);
            result = db.exec().stream(
                    database.container(),
                    MariaDbCommands.dump(database),
                    db.env(),
                    rows,
                    PgSession.EXEC_LIMIT,
                    () -> activity.heartbeat(BackupDump.sizeOf(partial)));
            rows.flush();
            gzip.finish();
            file.flush();
            channel.force(true);
            gzip.close(); // frees the Deflater's native memory; the channel's close after it is a no-op
        }
        if (!result.succeeded()) {
            Files.deleteIfExists(partial);
            throw FailureType.BACKUP_FAILED.failure("mariadb-dump of database " + database.name() + " in "
                    + database.container() + " exited with " + result.exitCode() + ": " + result.message());
        }
        return new Dumped(Sha256.hex(sha256), rows.rowCounts());
    }
}
