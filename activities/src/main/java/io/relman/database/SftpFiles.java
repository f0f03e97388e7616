package io.relman.database;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The SFTP operations a backup's copy uses, and nothing else: an interface over JSch's ChannelSftp, so that
 * the sequence of operations on the copy's host can be tested without one.
 */
interface SftpFiles {
    /** What is at a path. */
    enum Kind {
        FILE,
        DIRECTORY
    }

    /** What is at {@code path} (a link is not followed), or null when nothing is. */
    Kind lstat(String path) throws SftpException;

    void mkdir(String path) throws SftpException;

    void chmod(int mode, String path) throws SftpException;

    void put(String local, String remote) throws SftpException;

    /** The file's content; an {@link SftpException} with id {@link ChannelSftp#SSH_FX_NO_SUCH_FILE} when missing. */
    InputStream get(String path) throws SftpException;

    void rename(String from, String to) throws SftpException;

    void rm(String path) throws SftpException;

    void rmdir(String path) throws SftpException;

    /** The names in a directory, without {@code .} and {@code ..}. */
    List<String> list(String path) throws SftpException;

    static SftpFiles over(ChannelSftp sftp) {
        return new SftpFiles() {
            @Override
            public Kind lstat(String path) throws SftpException {
                SftpATTRS attributes;
                try {
                    attributes = sftp.lstat(path);
                } catch (SftpException missing) {
                    if (missing.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                        return null;
                    }
                    throw missing;
                }
                return attributes.isDir() ? Kind.DIRECTORY : Kind.FILE;
            }

            @Override
            public void mkdir(String path) throws SftpException {
                sftp.mkdir(path);
            }

            @Override
            public void chmod(int mode, String path) throws SftpException {
                sftp.chmod(mode, path);
            }

            @Override
            public void put(String local, String remote) throws SftpException {
                sftp.put(local, remote);
            }

            @Override
            public InputStream get(String path) throws SftpException {
                return sftp.get(path);
            }

            @Override
            public void rename(String from, String to) throws SftpException {
                sftp.rename(from, to);
            }

            @Override
            public void rm(String path) throws SftpException {
                sftp.rm(path);
            }

            @Override
            public void rmdir(String path) throws SftpException {
                sftp.rmdir(path);
            }

            @Override
            public List<String> list(String path) throws SftpException {
                List<String> names = new ArrayList<>();
                for (ChannelSftp.LsEntry entry : sftp.ls(path)) {
                    if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                        names.add(entry.getFilename());
                    }
                }
                return names;
            }
        };
    }
}
