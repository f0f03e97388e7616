package io.relman.cli.hosts;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;
import io.relman.plan.Host;
import io.relman.ssh.HostKeyFingerprint;
import io.relman.ssh.RevokedKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The keys a host presents, as ssh-keyscan gets them: one key exchange per key type, stopped before any
 * login (the capturing repository answers "not known", so JSch disconnects). Nothing is trusted here.
 */
final class HostKeyScan {
    /** What a host may present, in the order OpenSSH prefers; RSA is asked for with its SHA-2 signature. */
    private static final List<String> TYPES =
            List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512");

    private static final int TIMEOUT_MILLIS = 10_000;

    private HostKeyScan() {}

    /**
     * One key a host presented, and what the plan's known_hosts says of it; a key the file marks
     * {@code @revoked} is not one to trust, and its line is not printed.
     */
    record ScannedKey(String type, byte[] blob, String verdict, boolean trustable) {
        String fingerprint() {
            return type + " " + HostKeyFingerprint.of(blob);
        }

        /** The known_hosts line that trusts it. */
        String knownHostsLine(Host host) {
            return host.knownHostsName() + " " + type + " "
                    + Base64.getEncoder().encodeToString(blob);
        }
    }

    /** Every key {@code host} presents; a host that does not answer is a {@link JSchException}. */
    static List<ScannedKey> scan(Host host) throws JSchException {
        HostKeyRepository known = knownHosts(host);
        RevokedKeys revoked = revokedKeys(host);
        List<ScannedKey> keys = new ArrayList<>();
        for (String type : TYPES) {
            byte[] blob = presented(host, type);
            if (blob != null && keys.stream().noneMatch(key -> Arrays.equals(key.blob(), blob))) {
                keys.add(judged(known, revoked, host, blob));
            }
        }
        return keys;
    }

    /** A key {@code host} presented, with what the plan's known_hosts says of it. */
    static ScannedKey judged(HostKeyRepository known, RevokedKeys revoked, Host host, byte[] blob)
            throws JSchException {
        String type = new HostKey(host.knownHostsName(), blob).getType();
        String where = revoked.where(blob);
        if (where != null) {
            return new ScannedKey(
                    type,
                    blob,
                    "REVOKED: marked @revoked in " + where + "; not printed: the host must present another key",
                    false);
        }
        return new ScannedKey(type, blob, verdict(known, host, blob), true);
    }

    private static byte[] presented(Host host, String type) throws JSchException {
        Capture capture = new Capture();
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(capture);
        Session session = jsch.getSession(host.user(), host.sshAddress(), host.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("server_host_key", type);
        try {
            session.connect(TIMEOUT_MILLIS);
        } catch (JSchException stopped) {
            if (capture.key == null && !String.valueOf(stopped.getMessage()).startsWith("Algorithm negotiation fail")) {
                throw stopped; // no key exchange at all: the host does not answer
            }
        } finally {
            session.disconnect();
        }
        return capture.key;
    }

    /** The keys the plan's known_hosts marks {@code @revoked}: none when there is no such file yet. */
    static RevokedKeys revokedKeys(Host host) {
        Path file = Path.of(host.knownHosts());
        try {
            return RevokedKeys.parse(host.knownHosts(), Files.isReadable(file) ? Files.readAllLines(file) : List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + host.knownHosts() + ": " + e.getMessage(), e);
        }
    }

    static HostKeyRepository knownHosts(Host host) throws JSchException {
        JSch jsch = new JSch();
        if (Files.isReadable(Path.of(host.knownHosts()))) {
            jsch.setKnownHosts(host.knownHosts());
        }
        return jsch.getHostKeyRepository();
    }

    private static String verdict(HostKeyRepository known, Host host, byte[] blob) {
        return switch (known.check(host.knownHostsName(), blob)) {
            case HostKeyRepository.OK -> "trusted: in " + host.knownHosts();
            case HostKeyRepository.CHANGED -> "CHANGED: " + host.knownHosts() + " holds another key of this type";
            default -> "not in " + host.knownHosts();
        };
    }

    /** Records the key and answers "not known": JSch then ends the connection before authenticating. */
    private static final class Capture implements HostKeyRepository {
        private byte[] key;

        @Override
        public int check(String host, byte[] key) {
            this.key = key.clone();
            return NOT_INCLUDED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {}

        @Override
        public void remove(String host, String type) {}

        @Override
        public void remove(String host, String type, byte[] key) {}

        @Override
        public String getKnownHostsRepositoryID() {
            return "relman hosts trust";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }
}
