package io.relman.database;

import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The directory format: {@code pg_dump -Fd -j N} writes one file per table where it runs, in the
 * database's container; relman streams the directory out as a tar, hashing and syncing each file as it
 * lands, and removes the container's copy. A restore streams it back in (no tar file on either side)
 * and runs {@code pg_restore -Fd -j N}. Copies a crash left in the container are removed by the next
 * dump or restore once an hour old.
 */
final class DirectoryDump {
    private static final String CONTAINER_TMP = "/tmp";
    private static final String CONTAINER_PREFIX = "relman-";
    private static final Duration LEFTOVER_AFTER = Duration.ofHours(1);

    private final PgSession pg;
    private final Database database;

    DirectoryDump(PgSession pg, Database database) {
        this.pg = pg;
        this.database = database;
    }

    /** Dumps {@code snapshot} into {@code partialDir} on the worker's host; its files, hashed and synced. */
    List<BackupPart> dump(String snapshot, String backupId, Path partialDir, Runnable heartbeat) throws IOException {
        String inContainer = CONTAINER_TMP + "/" + CONTAINER_PREFIX + "dump-" + backupId;
        removeLeftovers();
        try {
            check(run(PgCommands.dumpDirectory(database, snapshot, inContainer), heartbeat), "pg_dump");
            return copyOut(inContainer, partialDir, heartbeat);
        } finally {
            run(List.of("rm", "-rf", inContainer), () -> {});
        }
    }

    /** Restores a directory-format backup into {@code target} with the plan's jobs. */
    void restore(BackupFile backup, String target, Runnable heartbeat) {
        String name = CONTAINER_PREFIX + "restore-" + backup.id();
        removeLeftovers();
        try {
            copyIn(backup, name);
            check(
                    run(PgCommands.restoreDirectory(database, target, CONTAINER_TMP + "/" + name), heartbeat),
                    "pg_restore into the scratch database " + target);
        } finally {
            run(List.of("rm", "-rf", CONTAINER_TMP + "/" + name), () -> {});
        }
    }

    private List<BackupPart> copyOut(String inContainer, Path partialDir, Runnable heartbeat) throws IOException {
        List<BackupPart> parts = new ArrayList<>();
        try (InputStream archive = pg.exec()
                        .docker()
                        .copyArchiveFromContainerCmd(database.container(), inContainer)
                        .exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(archive)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (!entry.isFile()) {
                    continue;
                }
                String file = Path.of(entry.getName()).getFileName().toString(); // flat: toc.dat, 3456.dat.gz
                MessageDigest sha256 = Sha256.digest();
                try (FileChannel channel = BackupDirectory.createPrivate(partialDir.resolve(file))) {
                    OutputStream out =
                            new DigestOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)), sha256);
                    tar.transferTo(out);
                    out.flush();
                    channel.force(true);
                }
                parts.add(new BackupPart(file, entry.getSize(), Sha256.hex(sha256)));
                heartbeat.run();
            }
        }
        parts.sort(Comparator.comparing(BackupPart::name));
        return parts;
    }

    /** Streams the backup's files into the container as a tar written while it is read: no tar file anywhere. */
    private void copyIn(BackupFile backup, String name) {
        Path directory = Path.of(backup.path());
        try (PipedInputStream archive = new PipedInputStream(1 << 16)) {
            PipedOutputStream writer = new PipedOutputStream(archive);
            CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(writer)) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    for (BackupPart part : backup.parts()) {
                        TarArchiveEntry entry = new TarArchiveEntry(name + "/" + part.name());
                        entry.setSize(part.sizeBytes());
                        tar.putArchiveEntry(entry);
                        Files.copy(directory.resolve(part.name()), tar);
                        tar.closeArchiveEntry();
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            pg.exec()
                    .docker()
                    .copyArchiveToContainerCmd(database.container())
                    .withRemotePath(CONTAINER_TMP)
                    .withTarInputStream(archive)
                    .exec();
            written.join();
        } catch (IOException e) {
            throw new UncheckedIOException("copying " + directory + " into " + database.container() + " failed", e);
        }
    }

    private void removeLeftovers() {
        run(
                List.of(
                        "find",
                        CONTAINER_TMP,
                        "-maxdepth",
                        "1",
                        "-name",
                        CONTAINER_PREFIX + "*",
                        "-mmin",
                        "+" + LEFTOVER_AFTER.toMinutes(),
                        "-exec",
                        "rm",
                        "-rf",
                        "{}",
                        "+"),
                () -> {});
    }

    private DockerExec.Result run(List<String> argv, Runnable heartbeat) {
        return pg.exec().stream(
                database.container(), argv, pg.env(), OutputStream.nullOutputStream(), PgSession.EXEC_LIMIT, heartbeat);
    }

    private void check(DockerExec.Result result, String what) {
        if (!result.succeeded()) {
            throw FailureType.BACKUP_FAILED.failure(what + " of database " + database.name() + " in "
                    + database.container() + " exited with " + result.exitCode() + ": " + result.message());
        }
    }
}
