package io.relman.cli.plan;

import io.relman.cli.yaml.YamlDocument;
import io.relman.cli.yaml.YamlDocument.Entry;
import io.relman.cli.yaml.YamlDocument.YamlList;
import io.relman.cli.yaml.YamlDocument.YamlMap;
import io.relman.cli.yaml.YamlDocument.YamlNode;
import io.relman.cli.yaml.YamlDocument.YamlScalar;
import io.relman.plan.ApprovalGate;
import io.relman.plan.BackupCopyTarget;
import io.relman.plan.BackupPolicy;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Durations;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.Host;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Migration;
import io.relman.plan.Plan;
import io.relman.plan.PlanProblem;
import io.relman.plan.PlanValidator;
import io.relman.plan.Service;
import io.relman.plan.Sizes;
import io.relman.plan.Spread;
import io.relman.plan.UpdateOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * Turns the YAML tree of a relman.yml into {@link Plan} records: which keys exist where, and the shape
 * and type of each value (a mapping, a list of words, a number, a duration). What the values may be is
 * {@link PlanValidator}'s to say. A value of the wrong shape is a problem here; one that cannot be a
 * number becomes 0, which no number of a plan may be, so that the validator names its range.
 */
final class PlanReader {
    private static final Set<String> ENVIRONMENT_KEYS = Set.of(
            "host",
            "hosts",
            "spread",
            "network",
            "load_balancer",
            "database",
            "env",
            "approval",
            "min_free_disk",
            "steps");
    private static final Set<String> HOST_KEYS =
            Set.of("ssh", "key", "key_env", "passphrase_env", "known_hosts", "address", "jump", "worker");
    private static final Set<String> SERVICE_KEYS = Set.of(
            "image",
            "build",
            "replicas",
            "port",
            "env",
            "secret_env",
            "healthcheck",
            "stop_grace_period",
            "migration",
            "validate",
            "validate_deadline",
            "update_order",
            "replica_names",
            "upstream",
            "min_uptime");

    private final Path directory;
    private final String source;
    private final List<PlanProblem> problems = new ArrayList<>();

    private PlanReader(Path directory, String source) {
        this.directory = directory;
        this.source = source;
    }

    /** The plan in {@code document}, read from {@code file}, with the problems of its form. */
    static Reading read(YamlDocument document, Path file) {
        PlanReader reader = new PlanReader(file.getParent(), document.source());
        Plan plan = reader.plan(document.root(), file);
        return new Reading(plan, List.copyOf(reader.problems));
    }

    record Reading(Plan plan, List<PlanProblem> problems) {}

    private Plan plan(YamlNode root, Path file) {
        if (!(root instanceof YamlMap top)) {
            problem("", "the plan must be a mapping with project, environments and services");
            return new Plan(file.toString(), null, List.of(), List.of());
        }
        Keys keys = keys(top, "", Set.of("project", "environments", "services"));
        List<Service> services = entries(keys, "services", SERVICE_KEYS, this::service);
        List<Environment> environments = entries(keys, "environments", ENVIRONMENT_KEYS, this::environment);
        return new Plan(file.toString(), keys.text("project"), environments, services);
    }

    private Environment environment(String name, Keys keys) {
        Keys lb = keys.mapping("load_balancer", Set.of("container", "config_dir", "port", "host"));
        LoadBalancer loadBalancer = lb == null
                ? null
                : new LoadBalancer(
                        lb.text("container"),
                        lb.text("config_dir"),
                        lb.has("port") ? lb.number("port", 0) : null,
                        lb.text("host"));
        List<String> steps = keys.has("steps")
                ? keys.words("steps", "[preflight, backup, build, migrate, rollout, validate]")
                : null;
        return new Environment(
                name,
                keys.textOr("host", Environment.LOCAL_HOST),
                withJumps(entries(keys, "hosts", HOST_KEYS, this::host).stream()
                        .collect(Collectors.toMap(Host::name, host -> host, (first, second) -> first))),
                spread(keys.mapping("spread", Set.of("hosts_at_once", "pause_between_hosts", "services"))),
                keys.text("network"),
                loadBalancer,
                database(keys.mapping(
                        "database",
                        Set.of(
                                "container",
                                "port",
                                "name",
                                "user",
                                "password_env",
                                "backup_dir",
                                "max_backup_age",
                                "backup",
                                "host",
                                "admin_user",
                                "admin_password_env"))),
                keys.variables("env"),
                approval(keys),
                keys.size("min_free_disk", Environment.DEFAULT_MIN_FREE_DISK_BYTES),
                steps);
    }

    private Host host(String name, Keys keys) {
        return new Host(
                name,
                keys.text("ssh"),
                file(keys.text("key")),
                keys.text("key_env"),
                keys.text("passphrase_env"),
                file(keys.text("known_hosts")),
                keys.text("address"),
                keys.has("jump") ? new Host(keys.text("jump"), null, null, null, null, null, null, null, null) : null,
                keys.text("worker"));
    }

    /**
     * Each host's jump, named in the plan, as the host it names (one hop: the bastion's own jump stays a
     * name, which the validator refuses). A name that is not a host stays a name, for the validator too.
     */
    private static Map<String, Host> withJumps(Map<String, Host> hosts) {
        Map<String, Host> resolved = new LinkedHashMap<>();
        hosts.forEach((name, host) -> resolved.put(
                name,
                host.jump() == null || !hosts.containsKey(host.jump().name())
                        ? host
                        : host.through(hosts.get(host.jump().name()))));
        return resolved;
    }

    private Spread spread(Keys keys) {
        if (keys == null) {
            return null;
        }
        return new Spread(
                entries(
                                keys,
                                "services",
                                Set.of("hosts", "publish"),
                                (service, placement) -> Map.entry(
                                        service,
                                        new Spread.Placement(
                                                placement.has("hosts")
                                                        ? placement.words("hosts", "[web1, web2]")
                                                        : List.of(),
                                                placement.has("publish") ? placement.number("publish", 0) : null)))
                        .stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (first, second) -> first)),
                keys.number("hosts_at_once", Spread.DEFAULT_HOSTS_AT_ONCE),
                keys.duration("pause_between_hosts", Spread.DEFAULT_PAUSE_BETWEEN_HOSTS));
    }

    /** A file the plan names, relative to the plan: as the worker will open it. */
    private String file(String named) {
        return named == null || named.isBlank()
                ? named
                : directory.resolve(named).normalize().toString();
    }

    private Database database(Keys keys) {
        if (keys == null) {
            return null;
        }
        String backupDir = keys.textOr("backup_dir", Database.DEFAULT_BACKUP_DIR);
        return new Database(
                keys.text("container"),
                keys.number("port", Database.DEFAULT_PORT),
                keys.text("name"),
                keys.text("user"),
                keys.text("password_env"),
                backupDir == null || backupDir.isBlank()
                        ? backupDir
                        : directory.resolve(backupDir).normalize().toString(),
                keys.duration("max_backup_age", Database.DEFAULT_MAX_BACKUP_AGE),
                backupPolicy(keys.mapping(
                        "backup",
                        Set.of(
                                "schedule",
                                "keep_last",
                                "keep_days",
                                "drill",
                                "drill_check",
                                "format",
                                "jobs",
                                "copy_to"))),
                keys.text("host"),
                keys.text("admin_user"),
                keys.text("admin_password_env"));
    }

    private static BackupPolicy backupPolicy(Keys keys) {
        if (keys == null) {
            return null;
        }
        return new BackupPolicy(
                keys.text("schedule"),
                keys.number("keep_last", BackupPolicy.DEFAULT_KEEP_LAST),
                keys.number("keep_days", BackupPolicy.DEFAULT_KEEP_DAYS),
                keys.text("drill"),
                keys.text("drill_check"),
                keys.textOr("format", BackupPolicy.CUSTOM),
                keys.number("jobs", BackupPolicy.DEFAULT_JOBS),
                copyTarget(keys.mapping("copy_to", Set.of("host", "dir"))));
    }

    private static BackupCopyTarget copyTarget(Keys keys) {
        return keys == null ? null : new BackupCopyTarget(keys.text("host"), keys.text("dir"));
    }

    private ApprovalGate approval(Keys environment) {
        Keys keys = environment.mapping("approval", Set.of("before", "timeout"));
        if (keys == null) {
            return null;
        }
        List<String> before = keys.node("before") instanceof YamlScalar scalar
                ? List.of(scalar.value())
                : keys.words("before", "[migrate, rollout]");
        return new ApprovalGate(before, keys.duration("timeout", ApprovalGate.DEFAULT_TIMEOUT));
    }

    private Service service(String name, Keys keys) {
        Keys health = keys.mapping("healthcheck", Set.of("path", "interval", "timeout", "deadline"));
        return new Service(
                name,
                keys.text("image"),
                build(keys.mapping("build", Set.of("context", "dockerfile", "args"))),
                keys.number("replicas", 1),
                keys.has("port") ? keys.number("port", 0) : null,
                keys.variables("env"),
                keys.variables("secret_env"),
                health == null
                        ? null
                        : new HealthCheck(
                                health.text("path"),
                                health.duration("interval", HealthCheck.DEFAULT_INTERVAL),
                                health.duration("timeout", HealthCheck.DEFAULT_TIMEOUT),
                                health.duration("deadline", HealthCheck.DEFAULT_DEADLINE)),
                keys.duration("stop_grace_period", Service.DEFAULT_STOP_GRACE_PERIOD),
                migration(keys),
                keys.has("validate") ? keys.words("validate", "[/items, /version]") : List.of(),
                updateOrder(keys),
                keys.duration("validate_deadline", Service.DEFAULT_VALIDATE_DEADLINE),
                keys.text("replica_names"),
                keys.text("upstream"),
                keys.duration("min_uptime", Service.DEFAULT_MIN_UPTIME));
    }

    private Build build(Keys keys) {
        if (keys == null) {
            return null;
        }
        String context = keys.text("context");
        String dockerfile = keys.textOr("dockerfile", Build.DEFAULT_DOCKERFILE);
        Path contextDir = directory.resolve(context == null ? "." : context).normalize();
        // The context is on this machine: the one check of the plan that reads the file system.
        if (context != null && !Files.isDirectory(contextDir)) {
            problem(
                    keys.path + "/context",
                    "directory " + contextDir + " does not exist; give the build context" + " relative to " + source);
        } else if (context != null && dockerfile != null && !Files.isRegularFile(contextDir.resolve(dockerfile))) {
            problem(
                    keys.path + "/dockerfile",
                    "no " + dockerfile + " in " + contextDir + "; name the Dockerfile relative" + " to the context");
        }
        return new Build(context == null ? null : contextDir.toString(), dockerfile, keys.variables("args"));
    }

    private Migration migration(Keys service) {
        Keys keys = service.mapping("migration", Set.of("up", "down"));
        if (keys == null) {
            return null;
        }
        if (!keys.has("up")) {
            problem(keys.path + "/up", "is missing; give it as a list, e.g. " + PlanValidator.COMMAND_EXAMPLE);
        }
        List<String> up = keys.has("up") ? keys.words("up", PlanValidator.COMMAND_EXAMPLE) : List.of();
        return new Migration(up, keys.has("down") ? keys.words("down", PlanValidator.COMMAND_EXAMPLE) : List.of());
    }

    private UpdateOrder updateOrder(Keys service) {
        String name = service.textOr("update_order", UpdateOrder.STOP_FIRST.planName());
        return Arrays.stream(UpdateOrder.values())
                .filter(order -> order.planName().equals(name))
                .findFirst()
                .orElseGet(() -> {
                    problem(
                            service.path + "/update_order",
                            "must be "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(UpdateOrder.values())
                                                    .map(UpdateOrder::planName)
                                                    .toList())
                                    + " (start-first and drain-first need replicas that publish no host port)");
                    return UpdateOrder.STOP_FIRST;
                });
    }

    /** The entries of a section that maps names to settings, each read by {@code entry}. */
    private <T> List<T> entries(Keys keys, String section, Set<String> allowed, BiFunction<String, Keys, T> entry) {
        List<T> read = new ArrayList<>();
        if (keys.node(section) instanceof YamlMap map) {
            for (Entry named : map.entries()) {
                read.add(entry.apply(
                        named.key(), keys(named.value(), join(keys.path, section) + "/" + named.key(), allowed)));
            }
        }
        if (read.isEmpty() && keys.has(section)) {
            problem(section, "must map names to their settings, with at least one entry");
        }
        return read;
    }

    private Keys keys(YamlNode node, String path, Set<String> allowed) {
        Map<String, YamlNode> values = new LinkedHashMap<>();
        if (!(node instanceof YamlMap map)) {
            problem(path, "must be a mapping of keys (" + sorted(allowed) + ")");
        } else {
            for (Entry entry : map.entries()) {
                if (!allowed.contains(entry.key())) {
                    problems.add(new PlanProblem(
                            join(path, entry.key()), "unknown key; the keys here are " + sorted(allowed), true));
                } else {
                    values.put(entry.key(), entry.value());
                }
            }
        }
        return new Keys(path, values);
    }

    private void problem(String path, String message) {
        problems.add(new PlanProblem(path, message, false));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "/" + key;
    }

    private static String sorted(Set<String> keys) {
        return String.join(", ", keys.stream().sorted().toList());
    }

    /**
     * The keys of one mapping of the plan. Each reader returns what the plan holds, or its default when
     * the key is absent; a value of the wrong shape is a problem, and reads as a value that the
     * validator refuses (text "", number 0) so that the plan can still be checked as a whole.
     */
    private final class Keys {
        private final String path;
        private final Map<String, YamlNode> values;

        private Keys(String path, Map<String, YamlNode> values) {
            this.path = path;
            this.values = values;
        }

        boolean has(String key) {
            return values.containsKey(key);
        }

        YamlNode node(String key) {
            return values.get(key);
        }

        Keys mapping(String key, Set<String> allowed) {
            return has(key) ? keys(node(key), join(path, key), allowed) : null;
        }

        String text(String key) {
            return has(key) ? node(key) instanceof YamlScalar scalar ? scalar.value() : "" : null;
        }

        String textOr(String key, String fallback) {
            return has(key) ? text(key) : fallback;
        }

        int number(String key, int fallback) {
            if (!has(key)) {
                return fallback;
            }
            try {
                return Integer.parseInt(text(key));
            } catch (NumberFormatException notANumber) {
                return 0;
            }
        }

        Duration duration(String key, Duration fallback) {
            if (!has(key)) {
                return fallback;
            }
            return Durations.parse(text(key)).orElseGet(() -> {
                problem(join(path, key), Durations.PROBLEM);
                return fallback;
            });
        }

        long size(String key, long fallback) {
            if (!has(key)) {
                return fallback;
            }
            return Sizes.parse(text(key)).orElseGet(() -> {
                problem(join(path, key), Sizes.PROBLEM);
                return fallback;
            });
        }

        /** A list of words: a command's argv (never a shell line), endpoints, step names. */
        List<String> words(String key, String example) {
            if (node(key) instanceof YamlList list
                    && !list.items().isEmpty()
                    && list.items().stream().allMatch(YamlScalar.class::isInstance)) {
                return list.items().stream()
                        .map(item -> ((YamlScalar) item).value())
                        .toList();
            }
            problem(join(path, key), "must be a non-empty list of words, e.g. " + example);
            return List.of();
        }

        /** A mapping of variable names to values (or to the names of the worker's variables). */
        Map<String, String> variables(String key) {
            Map<String, String> variables = new LinkedHashMap<>();
            if (!has(key)) {
                return variables;
            }
            if (!(node(key) instanceof YamlMap map)) {
                problem(join(path, key), "must map names to values, e.g. NAME: value");
                return variables;
            }
            for (Entry entry : map.entries()) {
                if (entry.value() instanceof YamlScalar value) {
                    variables.put(entry.key(), value.value());
                } else {
                    problem(
                            join(path, key) + "/" + entry.key(),
                            "must be a single value; quote it if it looks like a list or mapping");
                }
            }
            return variables;
        }
    }
}
