package io.relman.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules of an environment's {@code hosts} and of the {@code host} it runs on. The worker reads the key
 * and the known_hosts file; the plan only names them, and an SSH address of this shape cannot smuggle an
 * option into ssh's argv.
 */
final class HostRules {
    private static final Pattern TASK_QUEUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

    private HostRules() {}

    static void check(Problems problems, String path, Environment environment) {
        new TreeMap<>(environment.hosts()).forEach((name, host) -> {
            String at = path + "/hosts/" + name;
            if (!Problems.NAME.matcher(name).matches() || name.equals(Environment.LOCAL_HOST)) {
                problems.addAtKey(at, "'" + name + "' must be " + Problems.ENTRY_NAME_WHAT + ", and not local");
            }
            problems.text(
                    at + "/address", host.address(), ADDRESS, "an IPv4 address or a DNS name, e.g. 10.0.0.5", false);
            if (host.worker() != null) {
                workerHost(problems, at, environment, host);
            } else {
                sshHost(problems, at, environment, host);
            }
        });
        if (environment.engineHost() == null) {
            problems.add(
                    path + "/host",
                    PlanMessages.notAHost(environment, environment.host()) + "; name one, or add it under hosts:");
        }
    }

    /** A host the worker reaches over SSH: its address, key and known_hosts, and its bastion if any. */
    private static void sshHost(Problems problems, String at, Environment environment, Host host) {
        problems.text(at + "/ssh", host.ssh(), Host.SSH, "USER@ADDRESS[:PORT], e.g. deployer@10.0.0.5:22", true);
        if (host.ssh() != null && Host.SSH.matcher(host.ssh()).matches() && (host.port() < 1 || host.port() > 65535)) {
            problems.add(at + "/ssh", "has port " + host.port() + "; " + PlanMessages.range(1, 65535));
        }
        if ((host.key() == null) == (host.keyEnv() == null)) {
            problems.add(
                    at,
                    "needs exactly one of key: (the private key's file on the worker's host) and"
                            + " key_env: (the worker variable that holds the private key)");
        }
        problems.text(
                at + "/key",
                host.key(),
                Problems.ABSOLUTE_DIRECTORY,
                "a file on the worker's host, absolute or relative to the plan, e.g. /etc/relman/id_ed25519",
                false);
        problems.text(
                at + "/key_env",
                host.keyEnv(),
                Problems.ENV_VAR,
                "the name of a worker variable, e.g. RELMAN_SSH_KEY",
                false);
        problems.text(
                at + "/passphrase_env",
                host.passphraseEnv(),
                Problems.ENV_VAR,
                "the name of the worker variable that holds the key's passphrase, e.g. RELMAN_SSH_KEY_PASSPHRASE",
                false);
        if (host.jump() != null) {
            jump(problems, at + "/jump", environment, host);
        }
        problems.text(
                at + "/known_hosts",
                host.knownHosts(),
                Problems.ABSOLUTE_DIRECTORY,
                "the known_hosts file that holds this host's key (relman hosts trust --env " + environment.name()
                        + " prints the line to add)",
                true);
    }

    /**
     * A host that runs a relman worker of its own: reached through that worker's task queue, not over SSH.
     * The files a release reads or writes on the worker's host (backups, build contexts) stay with the
     * workers that reach hosts over SSH, so the database, its copies and builds are not on such a host.
     */
    private static void workerHost(Problems problems, String at, Environment environment, Host host) {
        problems.text(
                at + "/worker",
                host.worker(),
                TASK_QUEUE,
                "the task queue its own worker polls, e.g. relman-" + host.name(),
                true);
        if (host.ssh() != null
                || host.key() != null
                || host.keyEnv() != null
                || host.passphraseEnv() != null
                || host.knownHosts() != null
                || host.jump() != null) {
            problems.add(
                    at,
                    "has worker: and SSH settings; a host with a worker of its own is not reached over SSH: remove"
                            + " ssh, key, key_env, passphrase_env, known_hosts and jump, or worker");
        }
        List<String> uses = new ArrayList<>();
        if (host.equals(environment.databaseHost())) {
            uses.add("the database (backups land on the worker that dumps them)");
        }
        if (host.equals(environment.backupCopyHost())) {
            uses.add("database.backup.copy_to");
        }
        if (environment.hosts().values().stream().anyMatch(other -> host.equals(other.jump()))) {
            uses.add("a bastion");
        }
        if (!uses.isEmpty()) {
            problems.add(
                    at + "/worker",
                    "a host with a worker of its own runs replicas and nginx only; it is also "
                            + String.join(", ", uses) + ": name a host reached over SSH (or local) there");
        }
    }

    /** A bastion: another of the environment's hosts, which the worker reaches directly (one hop). */
    private static void jump(Problems problems, String at, Environment environment, Host host) {
        String bastion = host.jump().name();
        if (bastion.equals(host.name())) {
            problems.add(at, "names the host itself; name the bastion the worker reaches this host through");
        } else if (!environment.hosts().containsKey(bastion)) {
            problems.add(
                    at,
                    "'" + bastion + "' is not one of hosts (" + String.join(", ", PlanMessages.hostNames(environment))
                            + "); list the bastion under hosts: with its ssh, key and known_hosts");
        } else if (host.jump().jump() != null) {
            problems.add(
                    at,
                    "'" + bastion + "' is itself reached through "
                            + host.jump().jump().name()
                            + "; relman goes through one bastion: name a host the worker reaches directly");
        }
    }
}
