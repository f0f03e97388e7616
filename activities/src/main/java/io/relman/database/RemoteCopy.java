package io.relman.database;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.relman.database.BackupCopyFiles.CopiedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backup's copy on its host, file by file over SFTP: each file is read back and hashed there before the
 * copy is renamed into place (manifest last); a copy already there whole is left as it is. What it creates
 * is its owner's alone, as on the worker, whatever the server's umask: each directory is made 0700 right
 * after its mkdir, and each file is written inside the 0700 staging directory and made 0600 before it is
 * renamed into place, so that no file is readable by others at any moment.
 */
final class RemoteCopy {
    static final int DIRECTORY_MODE = 0700;
    static final int FILE_MODE = 0600;

    private final SftpFiles sftp;
    private final Runnable heartbeat;

    RemoteCopy(SftpFiles sftp, Runnable heartbeat) {
        this.sftp = sftp;
        this.heartbeat = heartbeat;
    }

    /**
     * Copies the files (each with the sha256 the worker holds) into {@code dir}, unless they are there whole,
     * then removes the copies of {@code deletedIds}; the names removed.
     */
    List<String> copy(String dir, Map<CopiedFile, String> expected, List<String> deletedIds)
            throws SftpException, IOException {
        List<CopiedFile> files = List.copyOf(expected.keySet());
        makeDirectories(dir);
        String manifest = dir + "/" + files.get(files.size() - 1).name();
        if (!(sftp.lstat(manifest) != null && matches(dir, expected))) {
            copyInto(dir, expected);
        }
        List<String> removed = new ArrayList<>();
        for (String id : deletedIds) {
            for (String name : BackupCopyFiles.namesOf(id)) {
                if (removeRecursively(dir + "/" + name)) {
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    /** Into a staging directory, read back and checked, then renamed into place: data first, manifest last. */
    private void copyInto(String dir, Map<CopiedFile, String> expected) throws SftpException, IOException {
        List<CopiedFile> files = List.copyOf(expected.keySet());
        String staging = dir + "/." + files.get(files.size() - 1).name() + ".partial";
        removeRecursively(staging);
        mkdir(staging);
        for (CopiedFile file : files) {
            String target = staging + "/" + file.name();
            makeDirectories(target.substring(0, target.lastIndexOf('/')));
            sftp.put(file.local().toString(), target);
            sftp.chmod(FILE_MODE, target);
            heartbeat.run();
        }
        if (!matches(staging, expected)) {
            throw new IllegalStateException("the copy in " + staging + " does not read back as written; retrying");
        }
        Set<String> topLevel = new LinkedHashSet<>();
        files.forEach(file -> topLevel.add(file.name().split("/")[0]));
        for (String name : topLevel) {
            removeRecursively(dir + "/" + name);
            sftp.rename(staging + "/" + name, dir + "/" + name);
        }
        sftp.rmdir(staging);
    }

    /** Whether every file under {@code root} hashes, read back over SFTP, to what the worker holds. */
    private boolean matches(String root, Map<CopiedFile, String> expected) throws SftpException, IOException {
        for (Map.Entry<CopiedFile, String> entry : expected.entrySet()) {
            CopiedFile file = entry.getKey();
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(sftp.get(root + "/" + file.name()), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            } catch (SftpException missing) {
                if (missing.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
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

    private void makeDirectories(String path) throws SftpException {
        StringBuilder at = new StringBuilder();
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            at.append('/').append(part);
            if (sftp.lstat(at.toString()) == null) {
                mkdir(at.toString());
            }
        }
    }

    /** A directory the copy creates: only its owner may list or enter it (a directory already there is kept). */
    private void mkdir(String path) throws SftpException {
        sftp.mkdir(path);
        sftp.chmod(DIRECTORY_MODE, path);
    }

    /** Removes a file, or a directory and what it holds; whether there was one. */
    private boolean removeRecursively(String path) throws SftpException {
        SftpFiles.Kind kind = sftp.lstat(path);
        if (kind == null) {
            return false;
        }
        if (kind == SftpFiles.Kind.DIRECTORY) {
            for (String name : sftp.list(path)) {
                removeRecursively(path + "/" + name);
            }
            sftp.rmdir(path);
        } else {
            sftp.rm(path);
        }
        return true;
    }
}
