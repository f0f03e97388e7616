package io.relman.access;

import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;

/**
 * What the worker opens to reach a host over SSH, and to reach its bastion: the key file and the known_hosts
 * file lie where the worker lets plans point, and key_env and passphrase_env are variables it hands out.
 * Whoever can start a workflow can send a plan: without this, a bastion's key could be the worker's own
 * {@code /root/.ssh/id_ed25519}.
 */
public final class HostAccess {
    private final AllowedPaths paths;
    private final SecretResolver secrets;

    public HostAccess(AllowedPaths paths, SecretResolver secrets) {
        this.paths = paths;
        this.secrets = secrets;
    }

    /** Fails without retry, naming the host's key in the plan and the fix, at the first thing not allowed. */
    public void require(Host host) {
        int hops = 0;
        for (Host at = host; at != null; at = at.jump()) {
            if (++hops > 8) {
                throw FailureType.PLAN_ERROR.failure("host " + host.name() + " is reached through more than 8"
                        + " bastions (a loop of jump: keys?): fix its jump: in the plan. Nothing was changed.");
            }
            if (at.local() || at.worker() != null) {
                continue; // the worker's own engine, or one a worker on that host reaches: no SSH from here
            }
            String key =
                    at == host ? "hosts/" + at.name() : "hosts/" + at.name() + " (the bastion of " + host.name() + ")";
            if (at.knownHosts() == null) {
                throw FailureType.PATH_REFUSED.failure(key + " names no known_hosts file: add known_hosts: (a file"
                        + " under relman.paths.allowed) to it in the plan. Nothing was changed.");
            }
            paths.require(at.knownHosts(), key + "/known_hosts");
            if (at.key() != null) {
                paths.require(at.key(), key + "/key");
            }
            if (at.keyEnv() != null) {
                secrets.value(at.keyEnv(), key + "/key_env");
            }
            if (at.passphraseEnv() != null) {
                secrets.value(at.passphraseEnv(), key + "/passphrase_env");
            }
        }
    }
}
