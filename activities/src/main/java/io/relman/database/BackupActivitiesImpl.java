package io.relman.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class BackupActivitiesImpl implements BackupActivities {
    private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);
    /** The activity's own timeout is what bounds a dump; this only stops a hung exec. */
    private static final Duration EXEC_LIMIT = Duration.ofHours(6);

    private static final Duration QUERY_LIMIT = Duration.ofMinutes(2);
    private static final String CONTAINER_TMP = "/tmp";

    private final DockerClient docker;
    private final DockerExec exec;
    private final SecretResolver secrets;
    private final ObjectMapper json = new ObjectMapper();

    public BackupActivitiesImpl(DockerClient docker, SecretResolver secrets) {
        this.docker = docker;
        this.exec = new DockerExec(docker);
        this.secrets = secrets;
    }

    @Override
    public BackupFile dump(DumpRequest request) {
        Database database = request.database();
        Path directory = Path.of(database.backupDir());
        Path file = directory.resolve(request.backupId() + ".dump");
        Path meta = directory.resolve(request.backupId() + ".json");
        Path partial = directory.resolve(request.backupId() + ".dump.partial");
        try {
            if (Files.isRegularFile(file) && Files.isRegularFile(meta)) {
                return json.readValue(meta.toFile(), BackupFile.class); // an earlier attempt finished it
            }
            Files.createDirectories(directory);
            Files.deleteIfExists(partial);
            ActivityExecutionContext activity = Activity.getExecutionContext();
            long started = System.currentTimeMillis();
            Map<String, String> env = password(database);
            DatabaseFingerprint fingerprint = fingerprint(database, env);
            MessageDigest sha256 = Sha256.digest();
            DockerExec.Result result;
            try (OutputStream out =
                    new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(partial)), sha256)) {
                result = exec.stream(
                        database.container(),
                        PgCommands.dump(database),
                        env,
                        out,
                        EXEC_LIMIT,
                        () -> activity.heartbeat(sizeOf(partial)));
            }
            if (!result.succeeded()) {
                Files.deleteIfExists(partial);
                throw FailureType.BACKUP_FAILED.failure("pg_dump of database " + database.name() + " in "
                        + database.container() + " exited with " + result.exitCode() + ": " + result.message());
            }
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            BackupFile backup = new BackupFile(
                    request.backupId(),
                    file.toString(),
                    Files.size(file),
                    Sha256.hex(sha256),
                    System.currentTimeMillis() - started,
                    fingerprint);
            Path metaPartial = directory.resolve(request.backupId() + ".json.partial");
            json.writeValue(metaPartial.toFile(), backup);
            Files.move(metaPartial, meta, StandardCopyOption.ATOMIC_MOVE);
            log.info(
                    "dumped {} from {} into {} ({} bytes, sha256 {}) in {} ms",
                    database.name(),
                    database.container(),
                    file,
                    backup.sizeBytes(),
                    backup.sha256(),
                    backup.elapsedMillis());
            return backup;
        } catch (IOException e) {
            throw new UncheckedIOException("writing the backup " + file + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public RestoredBackup restore(RestoreRequest request) {
        Database database = request.database();
        BackupFile backup = request.backup();
        Path file = Path.of(backup.path());
        if (!Files.isRegularFile(file)) {
            throw FailureType.BACKUP_MISSING.failure("the backup " + file + " is gone from the worker's host;"
                    + " restore " + database.name() + " by hand from another copy of it");
        }
        String actual = Sha256.of(file);
        if (!actual.equals(backup.sha256())) {
            throw FailureType.BACKUP_CORRUPT.failure("the backup " + file + " is corrupt (sha256 " + actual
                    + ", recorded " + backup.sha256() + "); restore " + database.name() + " by hand from another copy");
        }
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long started = System.currentTimeMillis();
        Map<String, String> env = password(database);
        String inContainer = CONTAINER_TMP + "/" + file.getFileName();
        copyIntoContainer(database.container(), file);
        try {
            for (String sql : List.of(PgCommands.TERMINATE_OTHER_SESSIONS_SQL, PgCommands.EMPTY_APP_SCHEMAS_SQL)) {
                check(
                        database,
                        exec.run(database.container(), PgCommands.psql(database, sql), env, QUERY_LIMIT),
                        "psql");
            }
            check(
                    database,
                    exec.stream(
                            database.container(),
                            PgCommands.restore(database, inContainer),
                            env,
                            OutputStream.nullOutputStream(),
                            EXEC_LIMIT,
                            () -> activity.heartbeat("restoring " + backup.id())),
                    "pg_restore");
        } finally {
            exec.run(database.container(), List.of("rm", "-f", inContainer), QUERY_LIMIT);
        }
        DatabaseFingerprint after = fingerprint(database, env);
        List<String> differences = after.differencesFrom(backup.fingerprint());
        if (!differences.isEmpty()) {
            throw FailureType.RESTORE_MISMATCH.failure("restored " + backup.id() + " into " + database.name()
                    + ", but it is not as it was when dumped: " + String.join("; ", differences));
        }
        long elapsed = System.currentTimeMillis() - started;
        log.info(
                "restored {} into {} in {} ms; verified: {}",
                backup.id(),
                database.name(),
                elapsed,
                after.rowCountsText());
        return new RestoredBackup(backup.id(), elapsed, after);
    }

    @Override
    public StoredBackup newest(BackupQuery query) {
        Path directory = Path.of(query.backupDir());
        if (!Files.isDirectory(directory)) {
            return null;
        }
        try (Stream<Path> files = Files.list(directory)) {
            Optional<Path> meta = files.filter(
                            file -> file.getFileName().toString().endsWith(".json"))
                    .filter(file -> BackupIds.belongsTo(idOf(file), query.idPrefix()))
                    .filter(file -> Files.isRegularFile(file.resolveSibling(idOf(file) + ".dump")))
                    .max(Comparator.comparing(BackupActivitiesImpl::idOf)); // ids sort by the time they were taken
            if (meta.isEmpty()) {
                return null;
            }
            return new StoredBackup(
                    json.readValue(meta.get().toFile(), BackupFile.class),
                    Files.getLastModifiedTime(meta.get()).toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the backups in " + directory + " failed: " + e.getMessage(), e);
        }
    }

    private static String idOf(Path meta) {
        String name = meta.getFileName().toString();
        return name.substring(0, name.length() - ".json".length());
    }

    private DatabaseFingerprint fingerprint(Database database, Map<String, String> env) {
        DockerExec.Result result =
                exec.run(database.container(), PgCommands.psql(database, PgCommands.FINGERPRINT_SQL), env, QUERY_LIMIT);
        check(database, result, "psql");
        return PgCommands.fingerprint(result.stdout());
    }

    private Map<String, String> password(Database database) {
        return secrets.resolve(Map.of("PGPASSWORD", database.passwordEnv()));
    }

    private static void check(Database database, DockerExec.Result result, String tool) {
        if (!result.succeeded()) {
            throw FailureType.RESTORE_FAILED.failure(tool + " on database " + database.name() + " in "
                    + database.container() + " exited with " + result.exitCode() + ": " + result.message());
        }
    }

    /** docker cp, streamed from a tar file so that a large dump never sits in memory. */
    private void copyIntoContainer(String container, Path file) {
        try {
            Path tar = Files.createTempFile("relman-restore", ".tar");
            try {
                try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
                    out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    TarArchiveEntry entry =
                            new TarArchiveEntry(file.getFileName().toString());
                    entry.setSize(Files.size(file));
                    out.putArchiveEntry(entry);
                    Files.copy(file, out);
                    out.closeArchiveEntry();
                }
                try (InputStream in = Files.newInputStream(tar)) {
                    docker.copyArchiveToContainerCmd(container)
                            .withRemotePath(CONTAINER_TMP)
                            .withTarInputStream(in)
                            .exec();
                }
            } finally {
                Files.deleteIfExists(tar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + file + " into " + container + " failed: " + e.getMessage(), e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
