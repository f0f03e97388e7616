package io.relman.database;

import io.relman.access.AllowedPaths;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.ssh.SshSessions;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class BackupActivitiesImpl implements BackupActivities {
    private static final Logger log = LoggerFactory.getLogger(BackupActivitiesImpl.class);
    private static final String RELMAN_VERSION = Optional.ofNullable(
                    BackupActivitiesImpl.class.getPackage().getImplementationVersion())
            .orElse("development");

    private final DockerEngines engines;
    private final OffHostCopier copier;
    private final SecretResolver secrets;
    private final AllowedPaths allowedPaths;
    private final String machineQueue;

    /**
     * @param machineQueue the task queue only the workers of this machine poll: every backup this returns is
     *     held there ({@link BackupFile#heldOn}), so that later steps on it come back to this machine
     */
    public BackupActivitiesImpl(
            DockerEngines engines,
            SshSessions ssh,
            SecretResolver secrets,
            AllowedPaths allowedPaths,
            String machineQueue) {
        this.engines = engines;
        this.copier = new OffHostCopier(ssh);
        this.secrets = secrets;
        this.allowedPaths = allowedPaths;
        this.machineQueue = machineQueue;
    }

    /** The plan's backup directory, if it lies where the worker lets plans write. */
    private BackupDirectory directory(String backupDir) {
        return new BackupDirectory(
                allowedPaths.require(backupDir, "database.backup_dir").toString(), machineQueue);
    }

    @Override
    public BackupFile dump(DumpRequest request) {
        Database database = request.database();
        BackupDirectory directory = directory(database.backupDir());
        Optional<BackupFile> finished = directory.manifest(request.backupId());
        if (finished.isPresent() && directory.damage(finished.get()).isEmpty()) {
            return finished.get(); // an earlier attempt finished it
        }
        directory.prepare();
        if (request.releaseId() != null) {
            return dump(request, directory);
        }
        try (FileLock lock = directory.lockOwnBackups(database)) {
            if (lock == null) {
                // Retryable: the retry policy waits for the other backup to finish.
                throw new IllegalStateException("another backup of " + database.name() + " in " + database.container()
                        + " is running on this worker's host; this one starts when it is done");
            }
            return dump(request, directory);
        } catch (IOException e) {
            throw new UncheckedIOException("locking " + directory.path() + " failed: " + e.getMessage(), e);
        }
    }

    private BackupFile dump(DumpRequest request, BackupDirectory directory) {
        Database database = request.database();
        boolean byTable = database.backup().directoryFormat();
        Path data = byTable ? directory.dataDirectory(request.backupId()) : directory.dataFile(request.backupId());
        Path partial = BackupDirectory.partialOf(data);
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long started = System.currentTimeMillis();
        DatabaseFingerprint fingerprint;
        String sha256;
        List<BackupPart> parts = null;
        PgSession pg = pg(request.host(), database);
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
                sha256 = dumpCustom(pg, snapshot.id(), directory, partial, activity);
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
    private String dumpCustom(
            PgSession pg, String snapshot, BackupDirectory directory, Path partial, ActivityExecutionContext activity)
            throws IOException {
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

    @Override
    public RestoredBackup restore(RestoreRequest request) {
        Database database = request.database();
        BackupFile backup = request.backup();
        BackupDirectory directory = directory(database.backupDir());
        directory.requireInside(backup);
        Path file = Path.of(backup.path());
        if (!Files.exists(file)) {
            throw FailureType.BACKUP_MISSING.failure("the backup " + file + " is gone from the worker's host;"
                    + " restore " + database.name() + " by hand from another copy of it");
        }
        directory.damage(backup).ifPresent(damage -> {
            throw FailureType.BACKUP_CORRUPT.failure("the backup " + backup.id() + " is damaged (" + damage
                    + "); restore " + database.name() + " by hand from another copy");
        });
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long started = System.currentTimeMillis();
        DatabaseFingerprint restored = new AtomicRestore(pg(request.host(), database), request)
                .restore(backup, () -> activity.heartbeat("restoring " + backup.id()));
        long elapsed = System.currentTimeMillis() - started;
        log.info(
                "restored {} into {} in {} ms; verified: {}",
                backup.id(),
                database.name(),
                elapsed,
                restored.rowCountsText());
        return new RestoredBackup(backup.id(), elapsed, restored, request.asideDatabase());
    }

    @Override
    public StoredBackup newest(BackupQuery query) {
        BackupDirectory directory = directory(query.backupDir());
        List<String> damaged = new ArrayList<>();
        for (StoredBackup stored : directory.backups(query.idPrefix())) {
            Optional<String> damage = directory.damage(stored.backup());
            if (damage.isEmpty()) {
                return new StoredBackup(stored.backup(), stored.finishedAtMillis(), damaged);
            }
            log.warn("passing over the backup {}: {}", stored.backup().id(), damage.get());
            damaged.add(stored.backup().id() + ": " + damage.get());
        }
        return null;
    }

    @Override
    public StoredBackup whole(WholeBackupQuery query) {
        BackupDirectory directory = directory(query.query().backupDir());
        StoredBackup found = directory.backups(query.query().idPrefix()).stream()
                .filter(stored -> stored.backup().id().equals(query.id()))
                .findFirst()
                .orElseThrow(() -> FailureType.BACKUP_MISSING.failure("there is no backup " + query.id() + " in "
                        + directory.path() + "; relman backup list shows the ones there are"));
        directory.damage(found.backup()).ifPresent(damage -> {
            throw FailureType.BACKUP_CORRUPT.failure("the backup " + query.id() + " is damaged (" + damage
                    + "); choose another with relman backup list");
        });
        return found;
    }

    @Override
    public long sizeOf(Host host, Database database) {
        return Long.parseLong(pg(host, database)
                .script(database.name(), Map.of(), PgCommands.DATABASE_SIZE_SQL)
                .strip());
    }

    @Override
    public String putBack(PutBackRequest request) {
        return AtomicRestore.putBack(pg(request.host(), request.database()), request);
    }

    @Override
    public List<String> dropAsides(AsideRetention request) {
        return AtomicRestore.dropAsides(pg(request.host(), request.database()), request);
    }

    @Override
    public List<StoredBackup> list(BackupQuery query) {
        return directory(query.backupDir()).backups(query.idPrefix());
    }

    @Override
    public Map<String, String> damaged(BackupQuery query) {
        BackupDirectory directory = directory(query.backupDir());
        ActivityExecutionContext activity = Activity.getExecutionContext();
        Map<String, String> damaged = new TreeMap<>();
        for (StoredBackup stored : directory.backups(query.idPrefix())) {
            activity.heartbeat(stored.backup().id());
            directory
                    .damage(stored.backup())
                    .ifPresent(damage -> damaged.put(stored.backup().id(), damage));
        }
        return damaged;
    }

    @Override
    public PrunedBackups prune(PruneRequest request) {
        BackupDirectory directory = directory(request.query().backupDir());
        List<StoredBackup> backups = directory.backups(request.query().idPrefix());
        List<DeletedBackup> deleted =
                Retention.select(backups, request.policy(), Set.copyOf(request.keep()), request.nowMillis());
        Map<String, StoredBackup> byId = new TreeMap<>();
        backups.forEach(stored -> byId.put(stored.backup().id(), stored));
        for (DeletedBackup backup : deleted) {
            directory.delete(byId.get(backup.id()).backup());
            log.info("retention deleted the backup {}: {}", backup.id(), backup.reason());
        }
        return new PrunedBackups(deleted, backups.size() - deleted.size());
    }

    @Override
    public DrillOutcome drill(DrillRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        return RestoreDrill.run(
                pg(request.host(), request.database()),
                request,
                directory(request.database().backupDir()),
                () -> activity.heartbeat("drill of " + request.backup().id()));
    }

    private PgSession pg(Host host, Database database) {
        return PgSession.of(engines.on(host).exec(), database, secrets);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public BackupCopy copyOff(BackupCopyRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        // Only what lies in an allowed backup directory leaves the worker.
        allowedPaths.require(Path.of(request.backup().path()).getParent().toString(), "database.backup_dir");
        BackupCopy copy =
                copier.copy(request, () -> activity.heartbeat(request.backup().id()));
        log.info(
                "copied {} to {} ({} files, {} bytes)",
                request.backup().id(),
                copy.location(),
                copy.files(),
                copy.bytes());
        return copy;
    }
}
