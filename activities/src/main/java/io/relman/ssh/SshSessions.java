package io.relman.ssh;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.KeyPair;
import com.jcraft.jsch.Proxy;
import com.jcraft.jsch.Session;
import io.relman.access.AllowedPaths;
import io.relman.access.HostAccess;
import io.relman.hostkeys.RevokedKeys;
import io.relman.hostkeys.StrictHostKeys;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Opens SSH sessions to the plan's hosts the only way relman allows: key authentication, and the
 * host's key checked against the plan's known_hosts file (strict: unknown and changed keys are
 * refused, with both fingerprints and the fix). Each failure is one Temporal failure whose type says
 * whether a retry can help.
 */
public final class SshSessions {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** An idle session is probed this often, and given up after this many unanswered probes. */
    private static final Duration KEEPALIVE = Duration.ofSeconds(5);

    private static final int KEEPALIVE_MISSES = 3;

    private final SecretResolver secrets;
    private final AllowedPaths paths;

    /** Sessions whose key and known_hosts files may be anywhere on the worker's host (tests). */
    public SshSessions(SecretResolver secrets) {
        this(secrets, AllowedPaths.of(List.of("/")));
    }

    /** Sessions that open key and known_hosts files under {@code paths} only, a bastion's too. */
    public SshSessions(SecretResolver secrets, AllowedPaths paths) {
        this.secrets = secrets;
        this.paths = paths;
    }

    /**
     * A connection to {@code host}, through its bastion if it has one: the host's session runs over a
     * channel of the bastion's ({@link BastionProxy}, as ProxyJump does; no port opens on the worker's
     * machine), and the host's key is checked under the host's own name, as OpenSSH does. The caller
     * closes it.
     */
    public SshConnection connect(Host host) {
        if (host.jump() == null) {
            return new SshConnection(open(host, host.sshAddress(), host.port(), null), null);
        }
        Session bastion;
        try {
            bastion = open(host.jump(), host.jump().sshAddress(), host.jump().port(), null);
        } catch (ApplicationFailure refused) {
            // The release lost (or never reached) this host: the failure names it, for the undo.
            String message = "host " + host.name() + " is reached through "
                    + host.jump().name() + ": " + refused.getOriginalMessage();
            throw refused.isNonRetryable()
                    ? ApplicationFailure.newNonRetryableFailure(message, refused.getType(), host.name())
                    : ApplicationFailure.newFailure(message, refused.getType(), host.name());
        }
        try {
            return new SshConnection(open(host, host.sshAddress(), host.port(), new BastionProxy(bastion)), bastion);
        } catch (RuntimeException failed) {
            bastion.disconnect();
            throw failed;
        }
    }

    /** {@code proxy}: the way there through a bastion, or null to connect directly. */
    private Session open(Host host, String address, int port, Proxy proxy) {
        StrictHostKeys hostKeys;
        Session session;
        // Checked before every run too (PlanAccess); here again, where the files are opened.
        new HostAccess(paths, secrets).require(host.through(null));
        try {
            JSch jsch = new JSch();
            if (!Files.isReadable(Path.of(host.knownHosts()))) {
                throw FailureType.HOST_KEY_REFUSED.failure("the known_hosts file " + host.knownHosts() + " of host "
                        + host.describe() + " cannot be read on the worker's host: create it with the host's key"
                        + " (relman hosts trust prints it) and release again. Nothing was changed.");
            }
            jsch.setKnownHosts(host.knownHosts());
            hostKeys = new StrictHostKeys(jsch.getHostKeyRepository(), revokedKeys(host));
            jsch.setHostKeyRepository(hostKeys);
            addKey(jsch, host);
            session = jsch.getSession(host.user(), address, port);
            session.setHostKeyAlias(host.knownHostsName());
            if (proxy != null) {
                session.setProxy(proxy);
            }
        } catch (JSchException unusable) {
            throw FailureType.SSH_LOGIN_REFUSED.failure("cannot use the SSH settings of host " + host.describe() + ": "
                    + unusable.getMessage() + ". Check its key and known_hosts in the plan.");
        }
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("PreferredAuthentications", "publickey");
        // Ask for the key types the file holds, as OpenSSH does: a host with several keys then
        // presents the trusted one, not whichever JSch happens to prefer.
        List<String> known = hostKeys.knownTypes(host.knownHostsName());
        if (!known.isEmpty()) {
            List<String> preferred =
                    Arrays.asList(session.getConfig("server_host_key").split(","));
            LinkedHashSet<String> order = new LinkedHashSet<>();
            preferred.stream().filter(known::contains).forEach(order::add);
            order.addAll(preferred);
            session.setConfig("server_host_key", String.join(",", order));
        }
        try {
            session.setServerAliveInterval((int) KEEPALIVE.toMillis());
            session.setServerAliveCountMax(KEEPALIVE_MISSES);
            session.connect((int) CONNECT_TIMEOUT.toMillis());
            return session;
        } catch (JSchException failed) {
            session.disconnect();
            throw refusal(host, hostKeys, failed);
        }
    }

    /**
     * The host's private key, opened with its passphrase when it has one: a key that needs one and has none,
     * or whose passphrase does not open it, is refused here, by name, rather than as SSH's "Auth fail".
     */
    void addKey(JSch jsch, Host host) throws JSchException {
        String name = host.key() != null ? host.key() : host.keyEnv();
        byte[] key = host.key() != null
                ? readKeyFile(host)
                : secrets.value(host.keyEnv(), "the SSH key of host " + host.name())
                        .getBytes(StandardCharsets.UTF_8);
        String passphrase = host.passphraseEnv() == null
                ? null
                : secrets.value(host.passphraseEnv(), "the passphrase of the SSH key of host " + host.name());
        KeyPair pair = KeyPair.load(jsch, key.clone(), null);
        try {
            if (pair.isEncrypted() && passphrase == null) {
                throw FailureType.SSH_LOGIN_REFUSED.failure("the SSH key " + name + " of host " + host.describe()
                        + " is protected by a passphrase: name the worker variable that holds it with passphrase_env:"
                        + " in the plan. Nothing was changed.");
            }
            if (pair.isEncrypted() && !pair.decrypt(passphrase.getBytes(StandardCharsets.UTF_8))) {
                throw FailureType.SSH_LOGIN_REFUSED.failure("the passphrase in " + host.passphraseEnv()
                        + " does not open the SSH key " + name + " of host " + host.describe()
                        + ": check the variable on the worker. Nothing was changed.");
            }
        } finally {
            pair.dispose();
        }
        jsch.addIdentity(name, key, null, passphrase == null ? null : passphrase.getBytes(StandardCharsets.UTF_8));
    }

    private static RevokedKeys revokedKeys(Host host) {
        try {
            return RevokedKeys.parse(host.knownHosts(), Files.readAllLines(Path.of(host.knownHosts())));
        } catch (IOException e) {
            throw FailureType.HOST_KEY_REFUSED.failure("the known_hosts file " + host.knownHosts() + " of host "
                    + host.describe() + " cannot be read on the worker's host (" + e.getMessage()
                    + "): check it and release again. Nothing was changed.");
        }
    }

    private static byte[] readKeyFile(Host host) {
        try {
            return Files.readAllBytes(Path.of(host.key()));
        } catch (IOException e) {
            throw FailureType.SSH_LOGIN_REFUSED.failure("the SSH key " + host.key() + " of host " + host.describe()
                    + " cannot be read on the worker's host: check key: in the plan. Nothing was changed.");
        }
    }

    private static ApplicationFailure refusal(Host host, StrictHostKeys hostKeys, JSchException failed) {
        String name = host.knownHostsName();
        if (hostKeys.verdict() == StrictHostKeys.REVOKED || failed instanceof JSchRevokedHostKeyException) {
            String where = hostKeys.revokedAt() != null ? hostKeys.revokedAt() : host.knownHosts();
            return FailureType.HOST_KEY_REFUSED.failure("host " + host.describe() + " presented "
                    + (hostKeys.revokedAt() != null ? hostKeys.presentedFingerprint() : "a certificate whose key")
                    + ", which is marked @revoked in " + where + ": the host must present another key (a new one,"
                    + " checked out of band and added with relman hosts trust). Nothing was changed.");
        }
        if (hostKeys.verdict() != StrictHostKeys.OK) {
            String seen = hostKeys.presentedFingerprint();
            String type = seen.substring(0, seen.indexOf(' '));
            List<String> all = hostKeys.expectedFingerprints(name);
            List<String> sameType =
                    all.stream().filter(key -> key.startsWith(type + " ")).toList();
            List<String> expected = sameType.isEmpty() ? all : sameType;
            String check = "Check the key out of band (on the host: ssh-keygen -lf /etc/ssh/ssh_host_"
                    + StrictHostKeys.keyFileName(type) + "_key.pub)";
            String message = expected.isEmpty()
                    ? "host " + host.describe() + " is not in " + host.knownHosts() + ": it presented " + seen + ". "
                            + check + ", then add it: ssh-keyscan -p " + host.port() + " " + host.sshAddress() + " >> "
                            + host.knownHosts() + " (relman hosts trust prints the same line). Nothing was changed."
                    : "host " + host.describe() + " presented " + seen + ", but " + host.knownHosts() + " expects "
                            + String.join(" or ", expected) + " for " + name + ". The host may have been reinstalled,"
                            + " or this is not the host you think. " + check
                            + ", then replace the entry: ssh-keygen -R '"
                            + name + "' -f " + host.knownHosts() + " && ssh-keyscan -p " + host.port() + " "
                            + host.sshAddress() + " >> " + host.knownHosts() + ". Nothing was changed.";
            return FailureType.HOST_KEY_REFUSED.failure(message);
        }
        String reason = failed.getMessage() == null ? failed.toString() : failed.getMessage();
        if (reason.startsWith("Auth fail") || reason.contains("Auth cancel")) {
            return FailureType.SSH_LOGIN_REFUSED.failure(host.user() + "@" + host.sshAddress()
                    + " refused relman's key ("
                    + (host.key() != null ? host.key() : "worker variable " + host.keyEnv())
                    + "): add its public key to"
                    + " ~" + host.user() + "/.ssh/authorized_keys on host " + host.name() + ". Nothing was changed.");
        }
        return FailureType.HOST_UNREACHABLE.failure(
                "host " + host.describe() + " does not answer over SSH (" + reason
                        + "): check that it is up and that sshd listens on port " + host.port(),
                host.name());
    }
}
