package io.relman.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.relman.database.BackupCopyFiles.CopiedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A backup's copy on its host: what relman creates there is its owner's alone (0600 files, 0700 directories). */
@Timeout(10)
class RemoteCopyTest {
    @TempDir
    Path worker;

    @Test
    void everythingTheCopyCreatesIsTheOwnersAloneAndNoFileIsEverReadableByOthers() throws Exception {
        Host host = new Host();
        host.directory("/srv", 0755); // there before: not relman's to change
        Map<CopiedFile, String> expected = new LinkedHashMap<>();
        add(expected, "shop-b2.dir/toc.dat", "toc");
        add(expected, "shop-b2.dir/3001.dat.gz", "table");
        add(expected, "shop-b2.json", "{}");

        new RemoteCopy(host, () -> {}).copy("/srv/backups/shop", expected, List.of());

        assertThat(host.modes())
                .isEqualTo(Map.of(
                        "/srv", "755",
                        "/srv/backups", "700",
                        "/srv/backups/shop", "700",
                        "/srv/backups/shop/shop-b2.dir", "700",
                        "/srv/backups/shop/shop-b2.dir/toc.dat", "600",
                        "/srv/backups/shop/shop-b2.dir/3001.dat.gz", "600",
                        "/srv/backups/shop/shop-b2.json", "600"));
        assertThat(host.exposed)
                .as("files others could read at some moment of the copy")
                .isEmpty();
        assertThat(host.mkdirsNotFollowedByChmod700)
                .as("directories not made private right after mkdir")
                .isEmpty();
    }

    private void add(Map<CopiedFile, String> expected, String name, String content) throws IOException {
        Path local = worker.resolve(name.replace('/', '_'));
        Files.writeString(local, content);
        expected.put(new CopiedFile(local, name, null), Sha256.of(local));
    }

    /**
     * An SFTP server with umask 022: files are created 0644, directories 0755. It notes each file that others
     * could read (its mode lets them and every directory above it lets them through) after any operation.
     */
    private static final class Host implements SftpFiles {
        private final Map<String, Integer> modes = new TreeMap<>();
        private final Map<String, byte[]> contents = new TreeMap<>();
        final List<String> exposed = new ArrayList<>();
        final List<String> mkdirsNotFollowedByChmod700 = new ArrayList<>();
        private String madeAndNotYetPrivate;

        void directory(String path, int mode) {
            modes.put(path, mode);
        }

        Map<String, String> modes() {
            return modes.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> Integer.toOctalString(e.getValue())));
        }

        private void after(String operation, String path, int mode) {
            if (madeAndNotYetPrivate != null && !(operation.equals("chmod") && path.equals(madeAndNotYetPrivate))) {
                mkdirsNotFollowedByChmod700.add(madeAndNotYetPrivate + " (then " + operation + " " + path + ")");
            }
            madeAndNotYetPrivate = null;
            if (operation.equals("mkdir")) {
                madeAndNotYetPrivate = path;
            }
            if (operation.equals("chmod") && modes.containsKey(path) && !contents.containsKey(path) && mode != 0700) {
                mkdirsNotFollowedByChmod700.add(path + " (chmod " + Integer.toOctalString(mode) + ")");
            }
            for (String file : contents.keySet()) {
                if ((modes.get(file) & 0044) != 0 && traversable(parent(file)) && !exposed.contains(file)) {
                    exposed.add(file + " (after " + operation + " " + path + ")");
                }
            }
        }

        private boolean traversable(String dir) {
            for (String at = dir; !at.isEmpty(); at = parent(at)) {
                if ((modes.get(at) & 0011) == 0) {
                    return false;
                }
            }
            return true;
        }

        private static String parent(String path) {
            return path.substring(0, path.lastIndexOf('/'));
        }

        private static SftpException missing(String path) {
            return new SftpException(ChannelSftp.SSH_FX_NO_SUCH_FILE, "No such file: " + path);
        }

        private void needsDirectory(String path) throws SftpException {
            if (!parent(path).isEmpty() && (!modes.containsKey(parent(path)) || contents.containsKey(parent(path)))) {
                throw missing(parent(path));
            }
        }

        @Override
        public Kind lstat(String path) {
            if (!modes.containsKey(path)) {
                return null;
            }
            return contents.containsKey(path) ? Kind.FILE : Kind.DIRECTORY;
        }

        @Override
        public void mkdir(String path) throws SftpException {
            needsDirectory(path);
            if (modes.containsKey(path)) {
                throw new SftpException(ChannelSftp.SSH_FX_FAILURE, "exists: " + path);
            }
            modes.put(path, 0755);
            after("mkdir", path, 0);
        }

        @Override
        public void chmod(int mode, String path) throws SftpException {
            if (!modes.containsKey(path)) {
                throw missing(path);
            }
            modes.put(path, mode);
            after("chmod", path, mode);
        }

        @Override
        public void put(String local, String remote) throws SftpException {
            needsDirectory(remote);
            try {
                contents.put(remote, Files.readAllBytes(Path.of(local)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            modes.putIfAbsent(remote, 0644);
            after("put", remote, 0);
        }

        @Override
        public InputStream get(String path) throws SftpException {
            if (!contents.containsKey(path)) {
                throw missing(path);
            }
            return new ByteArrayInputStream(contents.get(path));
        }

        @Override
        public void rename(String from, String to) throws SftpException {
            needsDirectory(to);
            if (!modes.containsKey(from)) {
                throw missing(from);
            }
            for (String path : List.copyOf(modes.keySet())) {
                if (path.equals(from) || path.startsWith(from + "/")) {
                    String moved = to + path.substring(from.length());
                    modes.put(moved, modes.remove(path));
                    if (contents.containsKey(path)) {
                        contents.put(moved, contents.remove(path));
                    }
                }
            }
            after("rename", to, 0);
        }

        @Override
        public void rm(String path) throws SftpException {
            if (!contents.containsKey(path)) {
                throw missing(path);
            }
            contents.remove(path);
            modes.remove(path);
            after("rm", path, 0);
        }

        @Override
        public void rmdir(String path) throws SftpException {
            if (!list(path).isEmpty()) {
                throw new SftpException(ChannelSftp.SSH_FX_FAILURE, "not empty: " + path);
            }
            modes.remove(path);
            after("rmdir", path, 0);
        }

        @Override
        public List<String> list(String path) throws SftpException {
            if (lstat(path) != Kind.DIRECTORY) {
                throw missing(path);
            }
            return modes.keySet().stream()
                    .filter(p -> parent(p).equals(path))
                    .map(p -> p.substring(path.length() + 1))
                    .toList();
        }
    }
}
