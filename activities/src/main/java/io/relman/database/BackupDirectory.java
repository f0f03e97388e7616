package io.relman.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An environment's backup directory on the worker's host. It is private (0700, files 0600) whatever
 * the worker's umask, and a backup exists only once its manifest {@code ID.json} does: the data is
 * written as {@code .partial}, synced to disk and renamed first, so a crash never leaves a partial
 * backup that looks like one.
 */
final class BackupDirectory {
    private static final Logger log = LoggerFactory.getLogger(BackupDirectory.class);
    static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

    /**
     * A dump being written grows every second; a partial file untouched this long belongs to an
     * attempt that died (a concurrent one of another run in the same directory is still writing).
     */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(10);

    private final Path directory;
    private final BackupFileNames names;
    private final String machineQueue;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param machineQueue the task queue of this machine's workers, which every backup read here is said to
     *     be held on
     */
    BackupDirectory(String directory, String machineQueue) {
        this.directory = Path.of(directory);
        this.names = new BackupFileNames(this.directory);
        this.machineQueue = machineQueue;
    }

    Path path() {
        return directory;
    }

    BackupFileNames names() {
        return names;
    }

    /** Creates the directory private, or makes an existing one private; removes abandoned partial files. */
    void prepare() {
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PRIVATE_DIRECTORY);
            try (Stream<Path> files = Files.list(directory)) {
                for (Path partial : files.filter(BackupFileNames::isPartial).toList()) {
                    long idle = System.currentTimeMillis()
                            - Files.getLastModifiedTime(partial).toMillis();
                    if (idle > ABANDONED_AFTER.toMillis()) {
                        log.info("removing {}, left by a dump that died {} s ago", partial, idle / 1000);
                        deleteRecursively(partial);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("preparing the backup directory " + directory + " failed", e);
        }
    }

    /**
     * Held while a backup of its own (not a release's) is taken: two backups of one database never
     * run together, whichever started them (a schedule, {@code relman backup now}, another worker on
     * this host). Null when another holds it.
     */
    FileLock lockOwnBackups(Database database) throws IOException {
        FileChannel channel = FileChannel.open(
                names.file("." + database.container() + "-" + database.name() + ".backup.lock"),
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (OverlappingFileLockException heldInThisWorker) {
            channel.close();
            return null;
        }
    }

    /** A new private file {@code NAME.partial} (an earlier attempt's is replaced), open for writing. */
    FileChannel createPartial(Path partial) throws IOException {
        deleteRecursively(partial);
        return createPrivate(partial);
    }

    static FileChannel createPrivate(Path file) throws IOException {
        FileAttribute<Set<PosixFilePermission>> privateFile = PosixFilePermissions.asFileAttribute(PRIVATE_FILE);
        return FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privateFile);
    }

    /** A new private directory {@code NAME.partial} for a directory-format dump (an earlier attempt's is replaced). */
    void createPartialDirectory(Path partial) throws IOException {
        deleteRecursively(partial);
        Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            try (Stream<Path> inside = Files.walk(path)) {
                for (Path each : inside.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(each);
                }
            }
        } else {
            Files.deleteIfExists(path);
        }
    }

    /** Renames a written and synced partial file into place, and syncs the directory so the name survives a crash. */
    void publish(Path partial, Path file) throws IOException {
        if (Files.isDirectory(file)) {
            deleteRecursively(file); // an attempt that died before its manifest: not a backup
        }
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /**
     * Writes the manifest last: from now on the backup exists. Without the machine that holds it, which is
     * whoever reads it.
     */
    void writeManifest(BackupFile backup) {
        Path manifest = names.manifest(backup.id());
        Path partial = BackupFileNames.partialOf(manifest);
        try {
            try (FileChannel channel = createPartial(partial)) {
                channel.write(
                        ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(backup.heldOn(null))));
                channel.force(true);
            }
            publish(partial, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the manifest " + manifest + " failed: " + e.getMessage(), e);
        }
    }

    Optional<BackupFile> manifest(String id) {
        Path manifest = names.manifest(id);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException("reading the manifest " + manifest + " failed: " + e.getMessage(), e);
        }
    }

    private BackupFile read(Path manifest) throws IOException {
        return json.readValue(manifest.toFile(), BackupFile.class).heldOn(machineQueue);
    }

    /** Every backup of the environment whose ids start with {@code idPrefix}, newest first, with when it finished. */
    List<StoredBackup> backups(String idPrefix) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<StoredBackup> backups = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path manifest : files.filter(BackupFileNames::isManifest).toList()) {
                String id = BackupFileNames.idOf(manifest);
                if (BackupIds.belongsTo(id, idPrefix)) {
                    backups.add(new StoredBackup(
                            read(manifest), Files.getLastModifiedTime(manifest).toMillis(), List.of()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading the backups in " + directory + " failed: " + e.getMessage(), e);
        }
        // Newest first by when the dump's snapshot was taken; ids sort by time too (to the second), for
        // manifests written before they recorded it.
        backups.sort(Comparator.comparingLong((StoredBackup b) -> b.backup().takenAtMillis())
                .thenComparing(b -> b.backup().id())
                .reversed());
        return backups;
    }

    /**
     * Refuses a backup whose data is not in this directory: a path read from relman's records is not
     * trusted to point anywhere else on the worker's host.
     */
    void requireInside(BackupFile backup) {
        Path data = Path.of(backup.path()).toAbsolutePath().normalize();
        Path inside = directory.toAbsolutePath().normalize();
        if (!data.startsWith(inside) || data.equals(inside)) {
            throw FailureType.BACKUP_MISSING.failure("the backup " + backup.id() + " names " + data + ", which is not"
                    + " in the plan's backup_dir " + directory + "; relman only restores its own backups from there");
        }
    }

    /** Why {@code backup}'s data cannot be trusted (missing, or not the bytes its checksum names), or empty. */
    Optional<String> damage(BackupFile backup) {
        if (backup.directoryFormat()) {
            for (BackupPart part : backup.parts()) {
                Optional<String> damage = damage(Path.of(backup.path()).resolve(part.name()), part.sha256());
                if (damage.isPresent()) {
                    return damage;
                }
            }
            return Optional.empty();
        }
        return damage(Path.of(backup.path()), backup.sha256());
    }

    private static Optional<String> damage(Path file, String sha256) {
        if (!Files.isRegularFile(file)) {
            return Optional.of(file + " is missing");
        }
        String actual = Sha256.of(file);
        return actual.equals(sha256)
                ? Optional.empty()
                : Optional.of(file + " has sha256 " + actual + ", its manifest says " + sha256);
    }

    /** Removes a backup: its manifest first, so that it stops being a backup before its data goes. */
    void delete(BackupFile backup) {
        try {
            requireInside(backup);
            Files.deleteIfExists(names.manifest(backup.id()));
            deleteRecursively(Path.of(backup.path()));
        } catch (IOException e) {
            throw new UncheckedIOException("deleting the backup " + backup.id() + " failed: " + e.getMessage(), e);
        }
    }
}
