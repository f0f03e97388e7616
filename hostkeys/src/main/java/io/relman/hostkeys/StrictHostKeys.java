package io.relman.hostkeys;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The plan's known_hosts file, read only: a key it does not hold is refused, never added (JSch's
 * StrictHostKeyChecking=no would accept a changed key silently). Only a plain line trusts a key: a key
 * marked {@code @revoked} on any line is refused (JSch's KnownHosts would answer OK), and a
 * {@code @cert-authority} line's key signs host certificates, it is never the host's own key. It remembers
 * the key a host presented, so that a refusal can name both fingerprints.
 */
public final class StrictHostKeys implements HostKeyRepository {
    /** The verdict for a key marked {@code @revoked}: JSch is told CHANGED, which it refuses. */
    public static final int REVOKED = 3;

    private static final String PLAIN = "";

    private final HostKeyRepository knownHosts;
    private final RevokedKeys revoked;
    private volatile byte[] presented;
    private volatile int verdict = OK;
    private volatile String revokedAt;

    public StrictHostKeys(HostKeyRepository knownHosts, RevokedKeys revoked) {
        this.knownHosts = knownHosts;
        this.revoked = revoked;
    }

    @Override
    public int check(String host, byte[] key) {
        presented = key.clone();
        revokedAt = revoked.where(key);
        if (revokedAt != null) {
            verdict = REVOKED;
            return CHANGED;
        }
        int answer = knownHosts.check(host, key);
        if (answer == OK && !heldOnAPlainLine(host, key)) {
            answer = keysFor(host).isEmpty() ? NOT_INCLUDED : CHANGED;
        }
        verdict = answer;
        return answer;
    }

    private boolean heldOnAPlainLine(String host, byte[] key) {
        String encoded = Base64.getEncoder().encodeToString(key);
        return keysFor(host).stream().anyMatch(known -> known.getKey().equals(encoded));
    }

    /** The verdict of the last check: OK, NOT_INCLUDED, CHANGED or REVOKED. */
    public int verdict() {
        return verdict;
    }

    /** {@code FILE line N} that marks the key of the last check {@code @revoked}, or null. */
    public String revokedAt() {
        return revokedAt;
    }

    /** {@code ssh-ed25519 SHA256:...} of the key the host presented; only after a check. */
    public String presentedFingerprint() {
        byte[] key = presented;
        try {
            return new HostKey("presented", key).getType() + " " + HostKeyFingerprint.of(key);
        } catch (JSchException unreadable) {
            return "unknown " + HostKeyFingerprint.of(key);
        }
    }

    /** {@code TYPE SHA256:...} of each key the file trusts for {@code host}. */
    public List<String> expectedFingerprints(String host) {
        return keysFor(host).stream()
                .map(key -> key.getType() + " "
                        + HostKeyFingerprint.of(Base64.getDecoder().decode(key.getKey())))
                .toList();
    }

    /** The key types the file holds for {@code host}: those are the ones to ask the host for. */
    public List<String> knownTypes(String host) {
        return keysFor(host).stream().map(HostKey::getType).distinct().toList();
    }

    /** The keys on plain lines for {@code host}: neither {@code @revoked} nor {@code @cert-authority}. */
    private List<HostKey> keysFor(String host) {
        HostKey[] keys = knownHosts.getHostKey(host, null);
        return keys == null
                ? List.of()
                : Arrays.stream(keys)
                        .filter(key -> PLAIN.equals(key.getMarker()))
                        .filter(key -> revoked.where(Base64.getDecoder().decode(key.getKey())) == null)
                        .toList();
    }

    /** The name OpenSSH gives a host key file of {@code type}: {@code /etc/ssh/ssh_host_NAME_key}. */
    public static String keyFileName(String type) {
        if (type.startsWith("ecdsa-")) {
            return "ecdsa";
        }
        return type.startsWith("ssh-ed25519") ? "ed25519" : type.contains("rsa") ? "rsa" : type;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never: trusting a key is the user's decision (relman hosts trust prints the line to add).
    }

    @Override
    public void remove(String host, String type) {}

    @Override
    public void remove(String host, String type, byte[] key) {}

    @Override
    public String getKnownHostsRepositoryID() {
        return knownHosts.getKnownHostsRepositoryID();
    }

    @Override
    public HostKey[] getHostKey() {
        return knownHosts.getHostKey();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return knownHosts.getHostKey(host, type);
    }
}
