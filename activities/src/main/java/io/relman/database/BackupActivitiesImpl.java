package io.relman.database;

import io.relman.access.AllowedPaths;
import io.relman.docker.DockerEngines;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.ssh.SshSessions;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return presentTools(request.host(), request.database())
                .dump(request, directory, Activity.getExecutionContext(), machineQueue);
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
        // Also an undo (of a migration), which keeps retrying: the Restore workflow's pre-flight checked presence.
        DatabaseTools tools = tools(request.host(), database);
        if (!tools.checksWhileRestoring(backup)) {
            directory.damage(backup).ifPresent(damage -> {
                throw FailureType.BACKUP_CORRUPT.failure("the backup " + backup.id() + " is damaged (" + damage
                        + "); restore " + database.name() + " by hand from another copy");
            });
        }
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long started = System.currentTimeMillis();
        DatabaseFingerprint restored = tools.restore(request, () -> activity.heartbeat("restoring " + backup.id()));
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
        return presentTools(host, database).sizeBytes();
    }

    @Override
    public String putBack(PutBackRequest request) {
        return tools(request.host(), request.database()).putBack(request);
    }

    @Override
    public List<String> dropAsides(AsideRetention request) {
        return tools(request.host(), request.database()).dropAsides(request);
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
        return presentTools(request.host(), request.database())
                .drill(
                        request,
                        directory(request.database().backupDir()),
                        () -> activity.heartbeat("drill of " + request.backup().id()));
    }

    private DatabaseTools tools(Host host, Database database) {
        return DatabaseTools.of(engines.on(host).exec(), database, secrets);
    }

    /** The tools, for a step that starts something: a database container that is not there is refused at once. */
    private DatabaseTools presentTools(Host host, Database database) {
        return DatabaseTools.present(engines.on(host).exec(), database, secrets);
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
