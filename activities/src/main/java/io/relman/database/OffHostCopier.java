package io.relman.database;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import io.relman.database.BackupCopyFiles.CopiedFile;
import io.relman.ssh.SshConnection;
import io.relman.ssh.SshSessions;
import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies backups off the worker over SFTP: nothing runs in a shell on the host, and each file is read back
 * and hashed there before the copy is renamed into place (manifest last). One SSH connection per copy,
 * closed when it is done: backups are rare, and the host may run no docker engine to share a session with.
 */
final class OffHostCopier {
    private static final int SFTP_NO_SUCH_FILE = ChannelSftp.SSH_FX_NO_SUCH_FILE;

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
                makeDirectories(sftp, dir);
                String manifest = dir + "/" + files.get(files.size() - 1).name();
                if (!(exists(sftp, manifest) && matches(sftp, dir, expected, heartbeat))) {
                    copyInto(sftp, dir, expected, heartbeat);
                }
                List<String> removed = new ArrayList<>();
                for (String id : request.deletedIds()) {
                    for (String name : BackupCopyFiles.namesOf(id)) {
                        if (removeRecursively(sftp, dir + "/" + name)) {
                            removed.add(name);
                        }
                    }
                }
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

    /** Into a staging directory, read back and checked, then renamed into place: data first, manifest last. */
    private static void copyInto(ChannelSftp sftp, String dir, Map<CopiedFile, String> expected, Runnable heartbeat)
            throws SftpException, IOException {
        List<CopiedFile> files = List.copyOf(expected.keySet());
        String staging = dir + "/." + files.get(files.size() - 1).name() + ".partial";
        removeRecursively(sftp, staging);
        sftp.mkdir(staging);
        for (CopiedFile file : files) {
            String target = staging + "/" + file.name();
            makeDirectories(sftp, target.substring(0, target.lastIndexOf('/')));
            sftp.put(file.local().toString(), target);
            heartbeat.run();
        }
        if (!matches(sftp, staging, expected, heartbeat)) {
            throw new IllegalStateException("the copy in " + staging + " does not read back as written; retrying");
        }
        Set<String> topLevel = new LinkedHashSet<>();
        files.forEach(file -> topLevel.add(file.name().split("/")[0]));
        for (String name : topLevel) {
            removeRecursively(sftp, dir + "/" + name);
            sftp.rename(staging + "/" + name, dir + "/" + name);
        }
        sftp.rmdir(staging);
    }

    /** Whether every file under {@code root} hashes, read back over SFTP, to what the worker holds. */
    private static boolean matches(ChannelSftp sftp, String root, Map<CopiedFile, String> expected, Runnable heartbeat)
            throws SftpException, IOException {
        for (Map.Entry<CopiedFile, String> entry : expected.entrySet()) {
            CopiedFile file = entry.getKey();
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(sftp.get(root + "/" + file.name()), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (SftpException missing) {
                if (missing.id == SFTP_NO_SUCH_FILE) {
                    return false;
                }
                throw missing;
            }
            heartbeat.run();
            if (!Sha256.hex(digest).equals(entry.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static void makeDirectories(ChannelSftp sftp, String path) throws SftpException {
        StringBuilder at = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            at.append('/').append(part);
            if (!exists(sftp, at.toString())) {
                sftp.mkdir(at.toString());
            }
        }
    }

    private static boolean exists(ChannelSftp sftp, String path) throws SftpException {
        return attributes(sftp, path) != null;
    }

    private static SftpATTRS attributes(ChannelSftp sftp, String path) throws SftpException {
        try {
            return sftp.lstat(path);
        } catch (SftpException missing) {
            if (missing.id == SFTP_NO_SUCH_FILE) {
                return null;
            }
            throw missing;
        }
    }

    /** Removes a file, or a directory and what it holds; whether there was one. */
    private static boolean removeRecursively(ChannelSftp sftp, String path) throws SftpException {
        SftpATTRS attributes = attributes(sftp, path);
        if (attributes == null) {
            return false;
        }
        if (attributes.isDir()) {
            for (ChannelSftp.LsEntry entry : sftp.ls(path)) {
                if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                    removeRecursively(sftp, path + "/" + entry.getFilename());
                }
            }
            sftp.rmdir(path);
        } else {
            sftp.rm(path);
        }
        return true;
    }
}
