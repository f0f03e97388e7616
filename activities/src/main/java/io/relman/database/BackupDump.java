package io.relman.database;

import io.relman.docker.DockerExec;
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
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dump of a database into its backup directory, from a snapshot: its data written as a partial file or
 * directory and published, then its manifest, which makes it a backup.
 */
record BackupDump(PgSession pg, BackupDirectory directory, ActivityExecutionContext activity) {
    private static final Logger log = LoggerFactory.getLogger(BackupDump.class);
    /** The relman that wrote a backup, in its manifest. */
    static final String RELMAN_VERSION = Optional.ofNullable(
                    BackupDump.class.getPackage().getImplementationVersion())
            .orElse("development");

    /** The backup, held on {@code machineQueue}, once its manifest is written. */
    BackupFile take(DumpRequest request, String machineQueue) {
        Database database = request.database();
        boolean byTable = database.backup().directoryFormat();
        BackupFileNames names = directory.names();
        Path data = byTable ? names.dataDirectory(request.backupId()) : names.dataFile(request.backupId());
        Path partial = BackupFileNames.partialOf(data);
        long started = System.currentTimeMillis();
        DatabaseFingerprint fingerprint;
        String sha256;
        List<BackupPart> parts = null;
        try (PgSession.Snapshot snapshot = pg.snapshot()) {
            fingerprint = snapshot.fingerprint();
            if (byTable) {
                directory.createPartialDirectory(partial);
                parts = new DirectoryDump(pg, database)
                        .dump(snapshot.id(), request.backupId(), partial, () -> activity.heartbeat(request.backupId()));
                sha256 = Sha256.of(parts.stream()
                        .map(part -> part.name() + " " + part.sha256() + "\n")
                        .reduce("", String::concat));
            } else {
                sha256 = dumpCustom(snapshot.id(), partial);
            }
            directory.publish(partial, data);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the backup " + data + " failed: " + e.getMessage(), e);
        }
        BackupFile backup = new BackupFile(
                request.backupId(),
                data.toString(),
                parts == null
                        ? sizeOf(data)
                        : parts.stream().mapToLong(BackupPart::sizeBytes).sum(),
                sha256,
                System.currentTimeMillis() - started,
                fingerprint,
                database.name(),
                RELMAN_VERSION,
                request.releaseId(),
                started,
                parts,
                machineQueue);
        directory.writeManifest(backup);
        log.info(
                "dumped {} from {} into {} ({} bytes, sha256 {}) in {} ms",
                database.name(),
                database.container(),
                data,
                backup.sizeBytes(),
                backup.sha256(),
                backup.elapsedMillis());
        return backup;
    }

    /** pg_dump in the custom format, streamed into {@code partial}; its sha256. */
    private String dumpCustom(String snapshot, Path partial) throws IOException {
        Database database = pg.database();
        MessageDigest sha256 = Sha256.digest();
        DockerExec.Result result;
        try (FileChannel channel = directory.createPartial(partial)) {
            OutputStream out =
                    new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)), sha256);
            result = pg.exec().stream(
                    database.container(),
                    PgCommands.dump(database, snapshot),
                    pg.env(),
                    out,
                    PgSession.EXEC_LIMIT,
                    () -> activity.heartbeat(sizeOf(partial)));
            out.flush();
            channel.force(true);
        }
        if (!result.succeeded()) {
            Files.deleteIfExists(partial);
            throw FailureType.BACKUP_FAILED.failure("pg_dump of database " + database.name() + " in "
                    + database.container() + " exited with " + result.exitCode() + ": " + result.message());
        }
        return Sha256.hex(sha256);
    }

    static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
