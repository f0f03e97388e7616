package io.relman.cli.hosts;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.relman.hostkeys.HostKeyFingerprint;
import io.relman.hostkeys.RevokedKeys;
import io.relman.hostkeys.StrictHostKeys;
import io.relman.plan.Host;
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
 * login (a JSch of its own knows no host key, so it disconnects). Each key is judged as the worker judges
 * it ({@link StrictHostKeys}); nothing is trusted here.
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
        StrictHostKeys known = knownHosts(host);
        List<ScannedKey> keys = new ArrayList<>();
        for (String type : TYPES) {
            byte[] blob = presented(host, type);
            if (blob != null && keys.stream().noneMatch(key -> Arrays.equals(key.blob(), blob))) {
                keys.add(judged(known, host, blob));
            }
        }
        return keys;
    }

    /** A key {@code host} presented, with what the plan's known_hosts says of it. */
    static ScannedKey judged(StrictHostKeys known, Host host, byte[] blob) throws JSchException {
        String type = new HostKey(host.knownHostsName(), blob).getType();
        known.check(host.knownHostsName(), blob);
        String file = host.knownHosts();
        return switch (known.verdict()) {
            case StrictHostKeys.REVOKED ->
                new ScannedKey(
                        type,
                        blob,
                        "REVOKED: marked @revoked in " + known.revokedAt()
                                + "; not printed: the host must present another key",
                        false);
            case StrictHostKeys.OK -> new ScannedKey(type, blob, "trusted: in " + file, true);
            case StrictHostKeys.CHANGED ->
                new ScannedKey(type, blob, "CHANGED: " + file + " holds another key of this type", true);
            default -> new ScannedKey(type, blob, "not in " + file, true);
        };
    }

    private static byte[] presented(Host host, String type) throws JSchException {
        Session session = new JSch().getSession(host.user(), host.sshAddress(), host.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("server_host_key", type);
        try {
            session.connect(TIMEOUT_MILLIS);
        } catch (JSchException stopped) {
            if (session.getHostKey() == null
                    && !String.valueOf(stopped.getMessage()).startsWith("Algorithm negotiation fail")) {
                throw stopped; // no key exchange at all: the host does not answer
            }
        } finally {
            session.disconnect();
        }
        // JSch holds the key it was shown before it asks its (empty) repository about it.
        HostKey key = session.getHostKey();
        return key == null ? null : Base64.getDecoder().decode(key.getKey());
    }

    /** The plan's known_hosts, read as the worker reads it: a missing file holds no key. */
    static StrictHostKeys knownHosts(Host host) throws JSchException {
        JSch jsch = new JSch();
        if (Files.isReadable(Path.of(host.knownHosts()))) {
            jsch.setKnownHosts(host.knownHosts());
        }
        return new StrictHostKeys(jsch.getHostKeyRepository(), revokedKeys(host));
    }

    /** The keys the plan's known_hosts marks {@code @revoked}: none when there is no such file yet. */
    private static RevokedKeys revokedKeys(Host host) {
        Path file = Path.of(host.knownHosts());
        try {
            return RevokedKeys.parse(host.knownHosts(), Files.isReadable(file) ? Files.readAllLines(file) : List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + host.knownHosts() + ": " + e.getMessage(), e);
        }
    }
}
