package io.relman.database;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import io.relman.database.BackupCopyFiles.CopiedFile;
import io.relman.ssh.SshConnection;
import io.relman.ssh.SshSessions;
import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies backups off the worker over SFTP: nothing runs in a shell on the host ({@link RemoteCopy} does the
 * copy's part there). One SSH connection per copy,
 * closed when it is done: backups are rare, and the host may run no docker engine to share a session with.
 */
final class OffHostCopier {
    private final SshSessions ssh;

    OffHostCopier(SshSessions ssh) {
        this.ssh = ssh;
    }

    BackupCopy copy(BackupCopyRequest request, Runnable heartbeat) {
        long started = System.currentTimeMillis();
        List<CopiedFile> files = BackupCopyFiles.of(request.backup());
        Map<CopiedFile, String> expected = hashedOnTheWorker(files);
        String dir = request.dir().replaceAll("/+$", "");
        String where = request.host().describe() + ":" + dir;
        try (SshConnection connection = ssh.connect(request.host())) {
            ChannelSftp sftp = (ChannelSftp) connection.session().openChannel("sftp");
            sftp.connect((int) Duration.ofSeconds(10).toMillis());
            try {
                List<String> removed =
                        new RemoteCopy(SftpFiles.over(sftp), heartbeat).copy(dir, expected, request.deletedIds());
                long bytes = 0;
                for (CopiedFile file : files) {
                    bytes += Files.size(file.local());
                }
                return new BackupCopy(
                        request.host().name() + ":" + dir + "/"
                                + files.get(0).name().split("/")[0],
                        files.size(),
                        bytes,
                        removed,
                        System.currentTimeMillis() - started);
            } finally {
                sftp.disconnect();
            }
        } catch (SftpException refused) {
            if (refused.getCause() != null) {
                throw FailureType.HOST_UNREACHABLE.failure(
                        "the SFTP connection to " + where + " broke while copying backup "
                                + request.backup().id() + " ("
                                + refused.getCause().getMessage() + "); the backup itself is on the worker",
                        request.host().name());
            }
            // The host answered and refused (a permission, a full disk): a retry would meet the same.
            throw FailureType.BACKUP_FAILED.failure(
                    "copying backup " + request.backup().id() + " to " + where
                            + " over SFTP was refused (" + refused.getMessage() + "): check that "
                            + request.host().user()
                            + " may write there and that the disk has room; the backup itself is on the worker");
        } catch (JSchException lost) {
            throw FailureType.HOST_UNREACHABLE.failure(
                    "copying backup " + request.backup().id() + " to " + where + " over SFTP failed ("
                            + lost.getMessage() + "); the backup itself is on the worker",
                    request.host().name());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "reading backup " + request.backup().id() + " on the worker failed: " + e.getMessage(), e);
        }
    }

    /**
     * Each file's sha256 as the worker holds it, read once before anything is copied: a data file that no
     * longer matches what its dump recorded is refused, not copied.
     */
    private static Map<CopiedFile, String> hashedOnTheWorker(List<CopiedFile> files) {
        Map<CopiedFile, String> hashes = new LinkedHashMap<>();
        for (CopiedFile file : files) {
            String hash = Sha256.of(file.local());
            if (file.sha256() != null && !file.sha256().equals(hash)) {
                throw FailureType.BACKUP_CORRUPT.failure("backup file " + file.local() + " on the worker no longer"
                        + " matches the sha256 its dump recorded; it is not copied");
            }
            hashes.put(file, hash);
        }
        return hashes;
    }
}
