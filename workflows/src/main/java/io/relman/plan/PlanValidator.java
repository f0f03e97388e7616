package io.relman.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every rule a plan must keep to be released: names, ranges, step order and the references between
 * sections. Pure: the CLI runs it after reading relman.yml (and adds the line of each problem), and
 * every release workflow runs it on the plan it receives, whoever sent it, before anything changes.
 * The rules of a service are {@link ServiceRules}'; the names that must not meet, {@link NameCollisions}'.
 */
public final class PlanValidator {
    /** A DNS label's limit: names of services and environments end up in container names and aliases. */
    static final int MAX_ENTRY_NAME = 63;

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final Pattern CRON = Pattern.compile("[0-9A-Za-z*/,?-]+(\\s+[0-9A-Za-z*/,?-]+){4}");
    /** Absolute, and no {@code .} or {@code ..} step: relman writes there, and only there. */
    private static final Pattern ABSOLUTE_DIRECTORY = Pattern.compile("(/(?!\\.\\.?(/|$))[A-Za-z0-9_.@+-]+)+/?");

    private static final Pattern TASK_QUEUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ADDRESS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");
    public static final int MAX_REPLICAS = 50;
    /** What a migration command looks like: argv, run without a shell. */
    public static final String COMMAND_EXAMPLE = "[alembic, upgrade, head] (argv, no shell)";

    private static final String NAME_WHAT = "lowercase letters, digits and dashes, e.g. shop";
    private static final String ENTRY_NAME_WHAT =
            "lowercase letters, digits and dashes (it becomes part of container names)";

    private final Problems problems = new Problems();

    private PlanValidator() {}

    /** Every rule {@code plan} breaks, in the order of the plan's sections; empty when it can be released. */
    public static List<PlanProblem> problems(Plan plan) {
        PlanValidator validator = new PlanValidator();
        validator.plan(plan);
        return validator.problems.found();
    }

    /** What a release manager reads when a plan breaks rules: every problem, and that nothing changed. */
    public static String refusal(String source, List<String> problems) {
        return "the plan " + source + " cannot be used; nothing was changed:\n  " + String.join("\n  ", problems);
    }

    /** The problem of a number out of its range, or not a number at all. */
    public static String rangeProblem(int min, int max) {
        return "must be a whole number from " + min + " to " + max;
    }

    private void plan(Plan plan) {
        problems.text("project", plan.project(), NAME, NAME_WHAT, true);
        ServiceRules services = new ServiceRules(problems);
        entries("services", plan.services(), Service::name, services::check);
        upstreams(plan);
        entries("environments", plan.environments(), Environment::name, environment -> environment(plan, environment));
        if (problems.isEmpty()) {
            NameCollisions.problems(plan).forEach(problems::add);
        }
    }

    private <T> void entries(String section, List<T> entries, Function<T, String> name, Consumer<T> check) {
        if (entries == null || entries.isEmpty()) {
            problems.add(section, "is missing; add " + section + ": at least one entry");
            return;
        }
        for (T entry : entries) {
            String entryName = name.apply(entry);
            if (entryName != null && entryName.length() > MAX_ENTRY_NAME) {
                problems.addAtKey(
                        section + "/" + entryName,
                        "a name of " + entryName.length() + " characters; keep it to " + MAX_ENTRY_NAME
                                + " at most (it becomes part of container and network names)");
            } else if (entryName == null || !NAME.matcher(entryName).matches()) {
                problems.addAtKey(section + "/" + entryName, "'" + entryName + "' must be " + ENTRY_NAME_WHAT);
            }
            check.accept(entry);
        }
    }

    /**
     * The hosts an environment names, and the one it runs on. The worker reads the key and the
     * known_hosts file; the plan only names them, and an SSH address of this shape cannot smuggle an
     * option into ssh's argv.
     */
    private void hosts(String path, Environment environment) {
        new TreeMap<>(environment.hosts()).forEach((name, host) -> {
            String at = path + "/hosts/" + name;
            if (!NAME.matcher(name).matches() || name.equals(Environment.LOCAL_HOST)) {
                problems.addAtKey(at, "'" + name + "' must be " + ENTRY_NAME_WHAT + ", and not local");
            }
            problems.text(
                    at + "/address", host.address(), ADDRESS, "an IPv4 address or a DNS name, e.g. 10.0.0.5", false);
            if (host.worker() != null) {
                workerHost(at, environment, host);
            } else {
                sshHost(at, environment, host);
            }
        });
        if (environment.engineHost() == null) {
            problems.add(
                    path + "/host", notAHost(environment, environment.host()) + "; name one, or add it under hosts:");
        }
    }

    /** A host the worker reaches over SSH: its address, key and known_hosts, and its bastion if any. */
    private void sshHost(String at, Environment environment, Host host) {
        problems.text(at + "/ssh", host.ssh(), Host.SSH, "USER@ADDRESS[:PORT], e.g. deployer@10.0.0.5:22", true);
        if (host.ssh() != null && Host.SSH.matcher(host.ssh()).matches() && (host.port() < 1 || host.port() > 65535)) {
            problems.add(at + "/ssh", "has port " + host.port() + "; " + rangeProblem(1, 65535));
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
                ABSOLUTE_DIRECTORY,
                "a file on the worker's host, absolute or relative to the plan, e.g. /etc/relman/id_ed25519",
                false);
        problems.text(
                at + "/key_env", host.keyEnv(), ENV_NAME, "the name of a worker variable, e.g. RELMAN_SSH_KEY", false);
        problems.text(
                at + "/passphrase_env",
                host.passphraseEnv(),
                ENV_NAME,
                "the name of the worker variable that holds the key's passphrase, e.g. RELMAN_SSH_KEY_PASSPHRASE",
                false);
        if (host.jump() != null) {
            jump(at + "/jump", environment, host);
        }
        problems.text(
                at + "/known_hosts",
                host.knownHosts(),
                ABSOLUTE_DIRECTORY,
                "the known_hosts file that holds this host's key (relman hosts trust --env " + environment.name()
                        + " prints the line to add)",
                true);
    }

    /**
     * A host that runs a relman worker of its own: reached through that worker's task queue, not over SSH.
     * The files a release reads or writes on the worker's host (backups, build contexts) stay with the
     * workers that reach hosts over SSH, so the database, its copies and builds are not on such a host.
     */
    private void workerHost(String at, Environment environment, Host host) {
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
    private void jump(String at, Environment environment, Host host) {
        String bastion = host.jump().name();
        if (bastion.equals(host.name())) {
            problems.add(at, "names the host itself; name the bastion the worker reaches this host through");
        } else if (!environment.hosts().containsKey(bastion)) {
            problems.add(
                    at,
                    "'" + bastion + "' is not one of hosts (" + String.join(", ", sortedNames(environment)) + ");"
                            + " list the bastion under hosts: with its ssh, key and known_hosts");
        } else if (host.jump().jump() != null) {
            problems.add(
                    at,
                    "'" + bastion + "' is itself reached through "
                            + host.jump().jump().name()
                            + "; relman goes through one bastion: name a host the worker reaches directly");
        }
    }

    /**
     * Replicas over several hosts: each service the plan has, on hosts the environment lists with an
     * address, publishing its port where the load balancer reaches it (so stop-first: a port binds once).
     */
    private void spread(Plan plan, String path, Environment environment) {
        Spread spread = environment.spread();
        if (spread == null) {
            return;
        }
        String at = path + "/spread";
        int hostCount = Math.max(1, environment.hosts().size());
        if (spread.hostsAtOnce() < 1 || spread.hostsAtOnce() > hostCount) {
            problems.add(
                    at + "/hosts_at_once",
                    "must be from 1 (host by host) to " + hostCount + " (every host of the environment at once)");
        }
        problems.positiveUpTo(
                at + "/pause_between_hosts",
                spread.pauseBetweenHosts().isZero() ? null : spread.pauseBetweenHosts(),
                Duration.ofHours(1));
        spread.services().forEach((name, placement) -> {
            String where = at + "/services/" + name;
            Service service = plan.services().stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (service == null) {
                problems.addAtKey(where, "'" + name + "' is not a service of the plan");
                return;
            }
            if (service.build() != null) {
                problems.add(
                        where,
                        "spreads " + name + ", which the plan builds: relman builds on one engine, and"
                                + " each host needs the same image. Build it elsewhere (CI), load it on every host, and"
                                + " remove build: from the service");
            }
            if (placement.hosts().isEmpty()) {
                problems.add(
                        where + "/hosts", "is missing; add hosts: the hosts its replicas run on, e.g. [web1, web2]");
            }
            for (String hostName : placement.hosts()) {
                Host host = environment.hosts().get(hostName);
                if (host == null) {
                    problems.add(where + "/hosts", "names '" + hostName + "', which is not under hosts:");
                } else if (host.address() == null) {
                    problems.add(
                            path + "/hosts/" + hostName,
                            "needs address: where the other hosts reach the ports"
                                    + " it publishes (its private address, e.g. 10.0.0.5), since " + name
                                    + " spreads to it");
                }
            }
            if (service.servesTraffic() && placement.publish() == null) {
                problems.add(
                        where, "needs publish: the host port its replicas publish for the load balancer, e.g. 18300");
            }
            if (placement.publish() != null) {
                problems.range(where + "/publish", placement.publish(), 1024, 65535 - service.replicas());
                if (service.updateOrder().overlaps()) {
                    problems.add(
                            where,
                            "publishes a host port, which two copies of a replica cannot share: give " + name
                                    + " update_order: stop-first");
                }
            }
        });
    }

    /** Two services cannot share an upstream: releasing one would rewrite the other's servers. */
    private void upstreams(Plan plan) {
        Map<String, String> owners = new HashMap<>();
        for (Service service : plan.services()) {
            if (!service.servesTraffic()) {
                continue;
            }
            String taken = owners.putIfAbsent(service.upstream(), service.name());
            if (taken != null) {
                problems.add(
                        "services/" + service.name() + "/upstream",
                        "'" + service.upstream() + "' is the upstream" + " of " + taken
                                + " too; give each service an upstream of its own");
            }
        }
    }

    private void environment(Plan plan, Environment environment) {
        String path = "environments/" + environment.name();
        hosts(path, environment);
        spread(plan, path, environment);
        problems.text(
                path + "/network",
                environment.network(),
                CONTAINER,
                "a docker network name, e.g. shop-" + environment.name(),
                true);
        List<String> serving = plan.services().stream()
                .filter(Service::servesTraffic)
                .map(Service::name)
                .toList();
        if (!serving.isEmpty()) {
            loadBalancer(path + "/load_balancer", environment.loadBalancer(), serving);
        }
        if (environment.loadBalancer() != null && environment.loadBalancer().host() != null) {
            loadBalancerHost(path + "/load_balancer/host", plan, environment);
        }
        if (plan.migrates() && environment.database() == null) {
            // The missing database is the problem; the steps it leaves out follow from it.
            problems.add(
                    path + "/database",
                    "is missing; add database: the stack's PostgreSQL (container, name, user,"
                            + " password_env): a service has a migration, and its backup is the way back");
        } else {
            ReleaseSteps.problems(environment.steps(), plan.migrates(), environment.database() != null)
                    .forEach(problem -> problems.add(path + "/steps", problem));
            if (environment.database() != null) {
                database(path + "/database", environment.database());
                databaseHost(path + "/database/host", environment);
                backupCopy(path + "/database/backup/copy_to", environment);
            }
        }
        problems.variables(path + "/env", environment.env());
        approval(path + "/approval", environment.approval(), environment.steps());
        if (environment.minFreeDiskBytes() < 0) {
            problems.add(path + "/min_free_disk", Sizes.PROBLEM);
        }
    }

    private void loadBalancer(String path, LoadBalancer loadBalancer, List<String> serving) {
        if (problems.missing(
                path, loadBalancer, "the nginx container in front of the replicas of " + String.join(", ", serving))) {
            return;
        }
        problems.text(
                path + "/container", loadBalancer.container(), CONTAINER, "the name of the nginx container", true);
        problems.text(
                path + "/config_dir",
                loadBalancer.configDir(),
                ABSOLUTE_DIRECTORY,
                "an absolute directory in the nginx container, which its configuration includes, without .."
                        + " (relman writes its upstream files there), e.g. /etc/nginx/relman",
                false);
        problems.range(path + "/port", loadBalancer.port(), 1, 65535);
    }

    private void database(String path, Database database) {
        problems.text(
                path + "/container",
                database.container(),
                CONTAINER,
                "the name of the PostgreSQL container on the stack's network",
                true);
        problems.range(path + "/port", database.port(), 1, 65535);
        problems.text(path + "/name", database.name(), DATABASE_NAME, "the database's name", true);
        problems.text(path + "/user", database.user(), DATABASE_NAME, "the database user", true);
        problems.text(
                path + "/password_env",
                database.passwordEnv(),
                Problems.ENV_VAR,
                "the name of the worker's"
                        + " environment variable that holds the password, e.g. SHOP_DB_PASSWORD, not the password itself",
                true);
        DatabaseAdminRules.check(problems, path, database);
        problems.text(
                path + "/backup_dir",
                database.backupDir(),
                NO_SPACE,
                "a directory on the worker's host, absolute or relative to the plan",
                true);
        problems.positive(path + "/max_backup_age", database.maxBackupAge());
        BackupPolicy backup = database.backup();
        cron(path + "/backup/schedule", backup.schedule());
        cron(path + "/backup/drill", backup.drill());
        problems.range(path + "/backup/keep_last", backup.keepLast(), 1, 10_000);
        problems.range(path + "/backup/keep_days", backup.keepDays(), 1, 36_500);
        if (!backup.format().equals(BackupPolicy.CUSTOM) && !backup.directoryFormat()) {
            problems.add(
                    path + "/backup/format",
                    "must be custom (one file) or directory (one file per table, dumped and restored by jobs"
                            + " processes at once)");
        }
        problems.range(path + "/backup/jobs", backup.jobs(), 1, 64);
    }

    /** The database on a host of its own: local, or one of the environment's hosts. */
    private void databaseHost(String at, Environment environment) {
        if (environment.database().host() != null && environment.databaseHost() == null) {
            problems.add(
                    at,
                    notAHost(environment, environment.database().host()) + "; name the host whose docker engine"
                            + " runs " + environment.database().container());
        }
    }

    /**
     * nginx on a host of its own: a known host, which reaches each replica only where it publishes its
     * port on its host's address (container names resolve on one engine's network only).
     */
    private void loadBalancerHost(String at, Plan plan, Environment environment) {
        Host lbHost = environment.loadBalancerHost();
        if (lbHost == null) {
            problems.add(
                    at,
                    notAHost(environment, environment.loadBalancer().host()) + "; name the host whose docker engine"
                            + " runs " + environment.loadBalancer().container());
            return;
        }
        if (lbHost.equals(environment.engineHost())) {
            return;
        }
        for (Service service : plan.services()) {
            Spread.Placement placement = environment.placementOf(service);
            if (service.servesTraffic() && (placement == null || placement.publish() == null)) {
                problems.add(
                        at,
                        "nginx on " + lbHost.name() + " reaches the replicas of " + service.name() + " only where"
                                + " they publish their port: add " + service.name() + " under spread: services: with"
                                + " its hosts and publish:, or run nginx on " + environment.host());
            }
        }
    }

    /** A copy of each backup off the worker: a directory on one of the environment's SSH hosts. */
    private void backupCopy(String at, Environment environment) {
        BackupCopyTarget target = environment.database().backup().copyTo();
        if (target == null) {
            return;
        }
        if (target.host() == null || environment.backupCopyHost() == null) {
            problems.add(
                    at + "/host",
                    (target.host() == null ? "is missing" : "'" + target.host() + "' is not one of hosts")
                            + "; name the SSH host the backups are copied to (listed under hosts:; local is the"
                            + " worker's own disk, where they already are)");
        }
        problems.text(
                at + "/dir",
                target.dir(),
                ABSOLUTE_DIRECTORY,
                "an absolute directory on that host, which its SSH user may write, e.g. /srv/relman/backups",
                true);
    }

    /** Five cron fields, as Temporal Schedules read them (UTC): minute hour day-of-month month day-of-week. */
    private void cron(String path, String cron) {
        if (cron != null && !CRON.matcher(cron.strip()).matches()) {
            problems.add(
                    path,
                    "'" + cron + "' is not a cron expression of five fields (minute hour day month"
                            + " weekday, in UTC), e.g. \"0 3 * * *\" for 03:00 every day");
        }
    }

    private void approval(String path, ApprovalGate approval, List<String> steps) {
        if (approval == null) {
            return;
        }
        if (approval.before().isEmpty()) {
            problems.add(
                    path + "/before",
                    "is missing; add before: the step(s) to hold, e.g. migrate or [migrate, rollout]");
        }
        for (String step : approval.before()) {
            if (!steps.contains(step)) {
                problems.add(
                        path + "/before",
                        "'" + step + "' is not a step of this environment's releases; name one" + " of "
                                + String.join(", ", steps));
            }
        }
        problems.positive(path + "/timeout", approval.timeout());
    }

    private static String notAHost(Environment environment, String name) {
        return "'" + name + "' is neither local nor one of hosts ("
                + (environment.hosts().isEmpty() ? "none is listed" : String.join(", ", sortedNames(environment)))
                + ")";
    }

    private static List<String> sortedNames(Environment environment) {
        return environment.hosts().keySet().stream().sorted().toList();
    }
}
