package io.relman.plan;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine whose docker engine runs an environment: the worker's own ({@link #LOCAL}), or one the
 * worker reaches over SSH. It names where the key and the trusted host keys are, never the key itself.
 *
 * @param name the host's name in the plan (environments/ENV/hosts/NAME), or {@code local}
 * @param ssh {@code USER@ADDRESS[:PORT]}, or null for the local engine
 * @param key the private key's file on the worker's host (absolute), or null when keyEnv names it
 * @param keyEnv the worker variable that holds the private key, or null when key names its file
 * @param passphraseEnv the worker variable that holds the key's passphrase, or null for a key without one
 * @param knownHosts the known_hosts file on the worker's host (absolute) that holds this host's key
 * @param address where containers on the other hosts reach the ports this host publishes (its private
 *     address); needed only by environments whose replicas spread over several hosts
 * @param jump the bastion the worker reaches this host through (another of the environment's hosts,
 *     reached directly), or null; ssh's address is then as the bastion resolves it
 * @param worker the task queue of a relman worker that runs on this host itself (instead of ssh): its
 *     activities are sent there ({@code io.relman.temporal.HostRouting}), and act on that worker's engine
 */
public record Host(
        String name,
        String ssh,
        String key,
        String keyEnv,
        String passphraseEnv,
        String knownHosts,
        String address,
        Host jump,
        String worker)
        implements OnHost {
    public static final Host LOCAL = new Host(Environment.LOCAL_HOST, null, null, null, null, null, null, null, null);
    public static final int DEFAULT_PORT = 22;
    /** A login name, then a DNS name or IPv4 address, then an optional port: argv-safe by shape. */
    static final Pattern SSH =
            Pattern.compile("([a-z_][a-z0-9_.-]{0,31})@([A-Za-z0-9][A-Za-z0-9.-]{0,252})(?::(\\d{1,5}))?");

    /** This host, reached through {@code bastion}. */
    public Host through(Host bastion) {
        return new Host(name, ssh, key, keyEnv, passphraseEnv, knownHosts, address, bastion, worker);
    }

    /** Whether its engine is the one of the worker that runs its activities (not one reached over SSH). */
    public boolean local() {
        return ssh == null;
    }

    public String user() {
        return part(1);
    }

    /** The machine's name or address, as ssh dials it. */
    public String sshAddress() {
        return part(2);
    }

    public int port() {
        String port = part(3);
        return port == null ? DEFAULT_PORT : Integer.parseInt(port);
    }

    /** How known_hosts names this host: {@code ADDRESS}, or {@code [ADDRESS]:PORT} off port 22. */
    public String knownHostsName() {
        return port() == DEFAULT_PORT ? sshAddress() : "[" + sshAddress() + "]:" + port();
    }

    /**
     * For messages: {@code web1 (deployer@10.0.0.5:22)}, {@code web2 (deployer@10.0.1.7 via web1)},
     * {@code web3 (worker relman-web3)}, or {@code local}.
     */
    public String describe() {
        if (worker != null) {
            return name + " (worker " + worker + ")";
        }
        return local() ? name : name + " (" + ssh + (jump == null ? "" : " via " + jump.name()) + ")";
    }

    /** A host is itself the subject of the calls that name it. */
    @Override
    public Host host() {
        return this;
    }

    private String part(int group) {
        Matcher matcher = ssh == null ? null : SSH.matcher(ssh);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalStateException("host " + name + " has no valid ssh address: " + ssh);
        }
        return matcher.group(group);
    }
}
