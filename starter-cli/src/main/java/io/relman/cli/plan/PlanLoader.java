package io.relman.cli.plan;

import io.relman.plan.ApprovalGate;
import io.relman.plan.Build;
import io.relman.plan.Database;
import io.relman.plan.Environment;
import io.relman.plan.HealthCheck;
import io.relman.plan.LoadBalancer;
import io.relman.plan.Migration;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseSteps;
import io.relman.plan.Service;
import io.relman.plan.UpdateOrder;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads relman.yml into a {@link Plan} and validates it completely before anything runs. Every
 * problem is reported as {@code path: what is wrong; how to fix it (file:line)}; unknown keys are
 * problems too, so a typo never silently falls back to a default.
 */
public final class PlanLoader {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})(MB|GB)");
    private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final int MAX_REPLICAS = 50;
    /** A migration command is argv, run without a shell. */
    private static final String COMMAND_EXAMPLE = "[alembic, upgrade, head] (argv, no shell)";

    private final Path file;
    private final String source;
    private final List<String> problems = new ArrayList<>();

    private PlanLoader(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.source = file.getFileName().toString();
    }

    /** The plan in {@code file}, or a {@link PlanException} listing every problem in it. */
    public static Plan load(Path file) {
        return new PlanLoader(file).read();
    }

    private Plan read() {
        if (!Files.isRegularFile(file)) {
            throw new PlanException(
                    List.of(file + ": no such plan file; pass --plan FILE or run relman where relman.yml is"));
        }
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            root = new Yaml(new LoaderOptions()).compose(reader);
        } catch (MarkedYAMLException e) {
            throw new PlanException(List.of("not valid YAML: " + e.getProblem() + "; check indentation and quoting ("
                    + source + ":" + (e.getProblemMark().getLine() + 1) + ")"));
        } catch (IOException e) {
            throw new PlanException(List.of(file + ": cannot be read: " + e.getMessage()));
        }
        if (!(root instanceof MappingNode top)) {
            throw new PlanException(
                    List.of("the plan must be a mapping with project, environments and services (" + source + ":1)"));
        }
        Keys keys = mapping(top, "", Set.of("project", "environments", "services"));
        String project = name(keys, "", "project");
        List<Service> services = new ArrayList<>();
        for (NodeTuple entry : entries(keys, "", "services")) {
            services.add(service(entry));
        }
        boolean migrates = services.stream().anyMatch(service -> service.migration() != null);
        List<Environment> environments = new ArrayList<>();
        for (NodeTuple entry : entries(keys, "", "environments")) {
            environments.add(environment(entry, migrates));
        }
        if (!problems.isEmpty()) {
            throw new PlanException(problems);
        }
        return new Plan(file.toString(), project, environments, services);
    }

    private Environment environment(NodeTuple entry, boolean migrates) {
        String name = checkedName("environments", entry);
        String path = "environments/" + name;
        Node node = entry.getValueNode();
        Keys keys = mapping(
                node,
                path,
                Set.of("host", "network", "load_balancer", "database", "env", "approval", "min_free_disk", "steps"));
        String host = optionalText(
                keys,
                path,
                "host",
                Environment.LOCAL_HOST,
                Pattern.compile(Environment.LOCAL_HOST),
                "local: this version of relman releases to the docker engine of the worker's own machine");
        String network = requiredText(keys, path, "network", CONTAINER, "a docker network name, e.g. shop-" + name);
        String lbPath = path + "/load_balancer";
        Keys lb = mapping(
                required(keys, path, "load_balancer", "the nginx container in front of the replicas"),
                lbPath,
                Set.of("container", "upstream", "config_file"));
        LoadBalancer loadBalancer = new LoadBalancer(
                requiredText(lb, lbPath, "container", CONTAINER, "the name of the nginx container"),
                optionalText(
                        lb,
                        lbPath,
                        "upstream",
                        LoadBalancer.DEFAULT_UPSTREAM,
                        Pattern.compile("[A-Za-z0-9_]+"),
                        "an nginx upstream name"),
                optionalText(
                        lb,
                        lbPath,
                        "config_file",
                        LoadBalancer.DEFAULT_CONFIG_FILE,
                        Pattern.compile("/\\S+\\.conf"),
                        "an absolute path ending in .conf"));
        List<String> steps = steps(keys, path, migrates);
        return new Environment(
                name,
                host,
                network,
                loadBalancer,
                database(keys, path),
                stringMap(keys, path, "env", ENV_VAR, null),
                approval(keys, path, steps),
                size(keys, path, "min_free_disk", Environment.DEFAULT_MIN_FREE_DISK_BYTES),
                steps);
    }

    /** {@code steps: [preflight, backup, build, migrate, rollout, validate]}: the order of a release. */
    private List<String> steps(Keys environment, String environmentPath, boolean migrates) {
        if (!environment.has("steps")) {
            return ReleaseSteps.DEFAULT_NAMES;
        }
        List<String> steps = words(
                environment, environmentPath, "steps", false, "[preflight, backup, build, migrate, rollout, validate]");
        for (String problem : ReleaseSteps.problems(steps, migrates)) {
            problem(environmentPath + "/steps", problem, at(environment.value("steps")));
        }
        return steps;
    }

    private Database database(Keys environment, String environmentPath) {
        String path = environmentPath + "/database";
        Keys keys = mapping(
                required(
                        environment,
                        environmentPath,
                        "database",
                        "the stack's PostgreSQL (container, name, user," + " password_env)"),
                path,
                Set.of("container", "port", "name", "user", "password_env", "backup_dir", "max_backup_age"));
        if (keys.node() == null) {
            return null;
        }
        return new Database(
                requiredText(
                        keys,
                        path,
                        "container",
                        CONTAINER,
                        "the name of the PostgreSQL container on the stack's network"),
                integer(keys, path, "port", Database.DEFAULT_PORT, 1, 65535),
                requiredText(keys, path, "name", Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*"), "the database's name"),
                requiredText(keys, path, "user", Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*"), "the database user"),
                requiredText(
                        keys,
                        path,
                        "password_env",
                        ENV_VAR,
                        "the name of the worker's environment variable that holds"
                                + " the password, e.g. SHOP_DB_PASSWORD, not the password itself"),
                file.getParent()
                        .resolve(optionalText(
                                keys,
                                path,
                                "backup_dir",
                                Database.DEFAULT_BACKUP_DIR,
                                Pattern.compile("\\S+"),
                                "a directory on the worker's host, absolute or relative to the plan"))
                        .normalize()
                        .toString(),
                duration(keys, path, "max_backup_age", Database.DEFAULT_MAX_BACKUP_AGE));
    }

    private Service service(NodeTuple entry) {
        String name = checkedName("services", entry);
        String path = "services/" + name;
        Node node = entry.getValueNode();
        Keys keys = mapping(
                node,
                path,
                Set.of(
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
                        "update_order"));
        String image =
                requiredText(keys, path, "image", IMAGE, "a lowercase image repository without tag, e.g. shop/" + name);
        int replicas = integer(keys, path, "replicas", 1, 1, MAX_REPLICAS);
        int port = integer(keys, path, "port", null, 1, 65535);
        Map<String, String> secretEnv = stringMap(
                keys,
                path,
                "secret_env",
                ENV_VAR,
                "the name of the worker's environment variable that holds the secret, e.g. SHOP_DB_PASSWORD, not the secret itself");
        return new Service(
                name,
                image,
                build(keys, path),
                replicas,
                port,
                stringMap(keys, path, "env", ENV_VAR, null),
                secretEnv,
                healthCheck(keys, path),
                duration(keys, path, "stop_grace_period", Service.DEFAULT_STOP_GRACE_PERIOD),
                migration(keys, path),
                endpoints(keys, path),
                updateOrder(keys, path),
                duration(keys, path, "validate_deadline", Service.DEFAULT_VALIDATE_DEADLINE));
    }

    private UpdateOrder updateOrder(Keys service, String servicePath) {
        List<String> names =
                Arrays.stream(UpdateOrder.values()).map(UpdateOrder::planName).toList();
        String name = optionalText(
                service,
                servicePath,
                "update_order",
                UpdateOrder.STOP_FIRST.planName(),
                Pattern.compile(String.join("|", names)),
                String.join(" or ", names) + " (start-first needs replicas that publish no host port)");
        return Arrays.stream(UpdateOrder.values())
                .filter(order -> order.planName().equals(name))
                .findFirst()
                .orElse(UpdateOrder.STOP_FIRST);
    }

    /** {@code validate: [/items, /version]}: paths requested through the load balancer after a release. */
    private List<String> endpoints(Keys service, String servicePath) {
        if (!service.has("validate")) {
            return List.of();
        }
        List<String> paths = words(service, servicePath, "validate", false, "[/items, /version]");
        if (paths.stream().anyMatch(endpoint -> !endpoint.startsWith("/"))) {
            problem(
                    servicePath + "/validate",
                    "every endpoint must be a URL path that starts with /, e.g. [/items]",
                    at(service.value("validate")));
        }
        return paths;
    }

    private Build build(Keys service, String servicePath) {
        String path = servicePath + "/build";
        Node node = required(service, servicePath, "build", "where the service's Dockerfile is");
        Keys keys = mapping(node, path, Set.of("context", "dockerfile", "args"));
        String context = requiredText(keys, path, "context", Pattern.compile(".+"), "a directory relative to the plan");
        String dockerfile =
                optionalText(keys, path, "dockerfile", Build.DEFAULT_DOCKERFILE, Pattern.compile(".+"), "a file");
        Path contextDir =
                file.getParent().resolve(context == null ? "." : context).normalize();
        if (context != null && !Files.isDirectory(contextDir)) {
            problem(
                    path + "/context",
                    "directory " + contextDir + " does not exist; give the build context relative to " + source,
                    at(keys.value("context")));
        } else if (context != null && !Files.isRegularFile(contextDir.resolve(dockerfile))) {
            problem(
                    path + "/dockerfile",
                    "no " + dockerfile + " in " + contextDir + "; name the Dockerfile relative to the" + " context",
                    at(keys.has("dockerfile") ? keys.value("dockerfile") : node));
        }
        return new Build(contextDir.toString(), dockerfile, stringMap(keys, path, "args", ENV_VAR, null));
    }

    private HealthCheck healthCheck(Keys service, String servicePath) {
        String path = servicePath + "/healthcheck";
        Node node = required(
                service, servicePath, "healthcheck", "how relman knows a new replica is ready, e.g. path: /health");
        Keys keys = mapping(node, path, Set.of("path", "interval", "timeout", "deadline"));
        String probePath = requiredText(
                keys, path, "path", Pattern.compile("/\\S*"), "a URL path that starts with /, e.g. /health");
        HealthCheck check = new HealthCheck(
                probePath,
                duration(keys, path, "interval", HealthCheck.DEFAULT_INTERVAL),
                duration(keys, path, "timeout", HealthCheck.DEFAULT_TIMEOUT),
                duration(keys, path, "deadline", HealthCheck.DEFAULT_DEADLINE));
        if (check.timeout().compareTo(check.deadline()) > 0) {
            problem(
                    path + "/timeout",
                    "is longer than the deadline (" + check.deadline().toSeconds() + "s); make the"
                            + " timeout shorter or the deadline longer",
                    at(keys.has("timeout") ? keys.value("timeout") : node));
        }
        return check;
    }

    /** {@code approval: {before: migrate}} or {@code before: [migrate, rollout]}: steps that wait for relman approve. */
    private ApprovalGate approval(Keys environment, String environmentPath, List<String> steps) {
        if (!environment.has("approval")) {
            return null;
        }
        String path = environmentPath + "/approval";
        Keys keys = mapping(environment.value("approval"), path, Set.of("before", "timeout"));
        Node node = required(keys, path, "before", "the step(s) to hold, e.g. migrate or [migrate, rollout]");
        List<String> before = List.of();
        if (node instanceof ScalarNode scalar) {
            before = List.of(scalar.getValue());
        } else if (node != null) {
            before = words(keys, path, "before", true, "[migrate, rollout]");
        }
        for (String step : before) {
            if (!steps.contains(step)) {
                problem(
                        path + "/before",
                        "'" + step + "' is not a step of this environment's releases; name one of "
                                + String.join(", ", steps),
                        at(node));
            }
        }
        return new ApprovalGate(before, duration(keys, path, "timeout", ApprovalGate.DEFAULT_TIMEOUT));
    }

    private Migration migration(Keys service, String servicePath) {
        if (!service.has("migration")) {
            return null;
        }
        String path = servicePath + "/migration";
        Keys keys = mapping(service.value("migration"), path, Set.of("up", "down"));
        List<String> up = words(keys, path, "up", true, COMMAND_EXAMPLE);
        List<String> down = words(keys, path, "down", false, COMMAND_EXAMPLE);
        return new Migration(up, down);
    }

    /** A list of words: a command's argv (never a shell line), endpoints, step names. */
    private List<String> words(Keys keys, String path, String key, boolean required, String example) {
        if (!keys.has(key)) {
            if (required) {
                problem(path + "/" + key, "is missing; give it as a list, e.g. " + example, at(keys.node()));
            }
            return List.of();
        }
        Node node = keys.value(key);
        if (!(node instanceof SequenceNode list)
                || list.getValue().isEmpty()
                || !list.getValue().stream().allMatch(ScalarNode.class::isInstance)) {
            problem(path + "/" + key, "must be a non-empty list of words, e.g. " + example, at(node));
            return List.of();
        }
        return list.getValue().stream()
                .map(item -> ((ScalarNode) item).getValue())
                .toList();
    }

    // --- typed readers: each records a problem and returns a harmless value, so that all problems are found in one
    // pass

    /** The keys of one mapping in the plan, and the mapping itself (for the line of a missing key). */
    private record Keys(Node node, Map<String, Node> values) {
        boolean has(String key) {
            return values.containsKey(key);
        }

        Node value(String key) {
            return values.get(key);
        }
    }

    private Keys mapping(Node node, String path, Set<String> allowed) {
        Map<String, Node> values = new LinkedHashMap<>();
        if (node != null && !(node instanceof MappingNode)) {
            problem(path, "must be a mapping of keys (" + String.join(", ", sorted(allowed)) + ")", at(node));
        } else if (node != null) {
            for (NodeTuple tuple : ((MappingNode) node).getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (!allowed.contains(key)) {
                    problem(
                            join(path, key),
                            "unknown key; the keys here are " + String.join(", ", sorted(allowed)),
                            at(tuple.getKeyNode()));
                } else if (values.put(key, tuple.getValueNode()) != null) {
                    problem(join(path, key), "is given twice; keep one", at(tuple.getKeyNode()));
                }
            }
        }
        return new Keys(node, values);
    }

    private List<NodeTuple> entries(Keys keys, String path, String key) {
        Node node = required(keys, path, key, "at least one entry");
        if (node instanceof MappingNode mapping && !mapping.getValue().isEmpty()) {
            return mapping.getValue();
        }
        if (node != null) {
            problem(join(path, key), "must map names to their settings, with at least one entry", at(node));
        }
        return List.of();
    }

    private Node required(Keys keys, String path, String key, String what) {
        if (!keys.has(key)) {
            // Inside a section that is itself missing, only the section is reported.
            if (keys.node() != null) {
                problem(join(path, key), "is missing; add " + key + ": " + what, at(keys.node()));
            }
            return null;
        }
        return keys.value(key);
    }

    private String requiredText(Keys keys, String path, String key, Pattern pattern, String what) {
        Node node = required(keys, path, key, what);
        return node == null ? null : text(node, join(path, key), pattern, what);
    }

    private String optionalText(Keys keys, String path, String key, String fallback, Pattern pattern, String what) {
        return keys.has(key) ? text(keys.value(key), join(path, key), pattern, what) : fallback;
    }

    private String text(Node node, String path, Pattern pattern, String what) {
        if (!(node instanceof ScalarNode scalar)
                || !pattern.matcher(scalar.getValue()).matches()) {
            problem(path, "must be " + what, at(node));
            return null;
        }
        return scalar.getValue();
    }

    private String name(Keys keys, String path, String key) {
        return requiredText(keys, path, key, NAME, "lowercase letters, digits and dashes, e.g. shop");
    }

    /** The entry's name, after checking that it can be part of container names. */
    private String checkedName(String section, NodeTuple entry) {
        String name = ((ScalarNode) entry.getKeyNode()).getValue();
        if (!NAME.matcher(name).matches()) {
            problem(
                    section + "/" + name,
                    "'" + name + "' must be lowercase letters, digits and dashes (it becomes part of"
                            + " container names)",
                    at(entry.getKeyNode()));
        }
        return name;
    }

    private int integer(Keys keys, String path, String key, Integer fallback, int min, int max) {
        if (!keys.has(key)) {
            if (fallback == null) {
                problem(
                        join(path, key),
                        "is missing; add " + key + ": a number from " + min + " to " + max,
                        at(keys.node()));
                return min;
            }
            return fallback;
        }
        Node node = keys.value(key);
        try {
            int value = Integer.parseInt(((ScalarNode) node).getValue());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException | ClassCastException e) {
            // reported below
        }
        problem(join(path, key), "must be a whole number from " + min + " to " + max, at(node));
        return min;
    }

    /** {@code 500MB}, {@code 2GB}: a number of bytes. */
    private long size(Keys keys, String path, String key, long fallback) {
        if (!keys.has(key)) {
            return fallback;
        }
        Node node = keys.value(key);
        Matcher m = node instanceof ScalarNode scalar ? SIZE.matcher(scalar.getValue()) : null;
        if (m == null || !m.matches()) {
            problem(join(path, key), "must be a size such as 500MB or 2GB", at(node));
            return fallback;
        }
        return Long.parseLong(m.group(1)) << (m.group(2).equals("GB") ? 30 : 20);
    }

    private Duration duration(Keys keys, String path, String key, Duration fallback) {
        if (!keys.has(key)) {
            return fallback;
        }
        Node node = keys.value(key);
        Matcher m = node instanceof ScalarNode scalar ? DURATION.matcher(scalar.getValue()) : null;
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            problem(join(path, key), "must be a positive duration such as 500ms, 10s, 2m or 1h", at(node));
            return fallback;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /** A mapping of variable names to values; {@code valueWhat} non-null means values must be variable names too. */
    private Map<String, String> stringMap(Keys keys, String path, String key, Pattern namePattern, String valueWhat) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!keys.has(key)) {
            return values;
        }
        Node node = keys.value(key);
        if (!(node instanceof MappingNode mapping)) {
            problem(join(path, key), "must map names to values, e.g. NAME: value", at(node));
            return values;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String name = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!namePattern.matcher(name).matches()) {
                problem(
                        join(path, key) + "/" + name,
                        "must be a variable name: letters, digits and _, not starting with a digit",
                        at(tuple.getKeyNode()));
            } else if (!(tuple.getValueNode() instanceof ScalarNode value)) {
                problem(
                        join(path, key) + "/" + name,
                        "must be a single value; quote it if it looks like a list or mapping",
                        at(tuple.getValueNode()));
            } else if (valueWhat != null
                    && !namePattern.matcher(value.getValue()).matches()) {
                problem(join(path, key) + "/" + name, "must be " + valueWhat, at(tuple.getValueNode()));
            } else {
                values.put(name, value.getValue());
            }
        }
        return values;
    }

    private void problem(String path, String message, String where) {
        problems.add(path + ": " + message + " (" + where + ")");
    }

    private String at(Node node) {
        return node == null ? source : source + ":" + (node.getStartMark().getLine() + 1);
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "/" + key;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }
}
