package io.relman.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every rule a plan must keep to be released: names, ranges, step order and the references between
 * sections. Pure: the CLI runs it after reading relman.yml (and adds the line of each problem), and
 * every release workflow runs it on the plan it receives, whoever sent it, before anything changes.
 */
public final class PlanValidator {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    static final Pattern IMAGE = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");
    static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    static final Pattern DATABASE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    static final Pattern UPSTREAM = Pattern.compile("[A-Za-z0-9_]+");
    static final Pattern CONFIG_FILE = Pattern.compile("/\\S+\\.conf");
    static final Pattern URL_PATH = Pattern.compile("/\\S*");
    static final Pattern ANY = Pattern.compile(".+");
    static final Pattern NO_SPACE = Pattern.compile("\\S+");
    public static final int MAX_REPLICAS = 50;
    /** What a migration command looks like: argv, run without a shell. */
    public static final String COMMAND_EXAMPLE = "[alembic, upgrade, head] (argv, no shell)";

    private static final String NAME_WHAT = "lowercase letters, digits and dashes, e.g. shop";
    private static final String ENTRY_NAME_WHAT =
            "lowercase letters, digits and dashes (it becomes part of container names)";
    private static final String VARIABLE_WHAT = "a variable name: letters, digits and _, not starting with a digit";

    private final List<PlanProblem> problems = new ArrayList<>();

    private PlanValidator() {}

    /** Every rule {@code plan} breaks, in the order of the plan's sections; empty when it can be released. */
    public static List<PlanProblem> problems(Plan plan) {
        PlanValidator validator = new PlanValidator();
        validator.plan(plan);
        return List.copyOf(validator.problems);
    }

    /** What a release manager reads when a plan breaks rules: every problem, and that nothing changed. */
    public static String refusal(String source, List<String> problems) {
        return "the plan " + source + " cannot be used; nothing was changed:\n  " + String.join("\n  ", problems);
    }

    private void plan(Plan plan) {
        text("project", plan.project(), NAME, NAME_WHAT, true);
        entries("services", plan.services(), Service::name, this::service);
        entries(
                "environments",
                plan.environments(),
                Environment::name,
                environment -> environment(
                        environment, plan.services().stream().anyMatch(service -> service.migration() != null)));
        if (problems.isEmpty()) {
            problems.addAll(NameCollisions.problems(plan));
        }
    }

    private <T> void entries(
            String section, List<T> entries, Function<T, String> name, java.util.function.Consumer<T> check) {
        if (entries == null || entries.isEmpty()) {
            add(section, "is missing; add " + section + ": at least one entry");
            return;
        }
        for (T entry : entries) {
            String entryName = name.apply(entry);
            if (entryName == null || !NAME.matcher(entryName).matches()) {
                problems.add(
                        PlanProblem.atKey(section + "/" + entryName, "'" + entryName + "' must be " + ENTRY_NAME_WHAT));
            }
            check.accept(entry);
        }
    }

    private void environment(Environment environment, boolean migrates) {
        String path = "environments/" + environment.name();
        text(
                path + "/host",
                environment.host(),
                Pattern.compile(Environment.LOCAL_HOST),
                "local: this version of relman releases to the docker engine of the worker's own machine",
                false);
        text(
                path + "/network",
                environment.network(),
                CONTAINER,
                "a docker network name, e.g. shop-" + environment.name(),
                true);
        loadBalancer(path + "/load_balancer", environment.loadBalancer());
        for (String problem : ReleaseSteps.problems(environment.steps(), migrates)) {
            add(path + "/steps", problem);
        }
        database(path + "/database", environment.database());
        variables(path + "/env", environment.env());
        approval(path + "/approval", environment.approval(), environment.steps());
        if (environment.minFreeDiskBytes() < 0) {
            add(path + "/min_free_disk", Sizes.PROBLEM);
        }
    }

    private void loadBalancer(String path, LoadBalancer loadBalancer) {
        if (missing(path, loadBalancer, "the nginx container in front of the replicas")) {
            return;
        }
        text(path + "/container", loadBalancer.container(), CONTAINER, "the name of the nginx container", true);
        text(path + "/upstream", loadBalancer.upstream(), UPSTREAM, "an nginx upstream name", false);
        text(path + "/config_file", loadBalancer.configFile(), CONFIG_FILE, "an absolute path ending in .conf", false);
    }

    private void database(String path, Database database) {
        if (missing(path, database, "the stack's PostgreSQL (container, name, user, password_env)")) {
            return;
        }
        text(
                path + "/container",
                database.container(),
                CONTAINER,
                "the name of the PostgreSQL container on the stack's network",
                true);
        range(path + "/port", database.port(), 1, 65535);
        text(path + "/name", database.name(), DATABASE_NAME, "the database's name", true);
        text(path + "/user", database.user(), DATABASE_NAME, "the database user", true);
        text(
                path + "/password_env",
                database.passwordEnv(),
                ENV_VAR,
                "the name of the worker's environment variable"
                        + " that holds the password, e.g. SHOP_DB_PASSWORD, not the password itself",
                true);
        text(
                path + "/backup_dir",
                database.backupDir(),
                NO_SPACE,
                "a directory on the worker's host, absolute or relative to the plan",
                true);
        positive(path + "/max_backup_age", database.maxBackupAge());
    }

    private void approval(String path, ApprovalGate approval, List<String> steps) {
        if (approval == null) {
            return;
        }
        if (approval.before().isEmpty()) {
            add(path + "/before", "is missing; add before: the step(s) to hold, e.g. migrate or [migrate, rollout]");
        }
        for (String step : approval.before()) {
            if (!steps.contains(step)) {
                add(
                        path + "/before",
                        "'" + step + "' is not a step of this environment's releases; name one of "
                                + String.join(", ", steps));
            }
        }
        positive(path + "/timeout", approval.timeout());
    }

    private void service(Service service) {
        String path = "services/" + service.name();
        text(
                path + "/image",
                service.image(),
                IMAGE,
                "a lowercase image repository without tag, e.g. shop/" + service.name(),
                true);
        range(path + "/replicas", service.replicas(), 1, MAX_REPLICAS);
        if (service.replicaNames() != null) {
            ReplicaNames.problems(service.replicaNames(), service.replicas())
                    .forEach(problem -> add(path + "/replica_names", problem));
        }
        if (service.port() == null) {
            add(path + "/port", "is missing; add port: a number from 1 to 65535");
        } else {
            range(path + "/port", service.port(), 1, 65535);
        }
        variables(path + "/secret_env", service.secretEnv());
        new java.util.TreeMap<>(service.secretEnv())
                .forEach((name, variable) -> text(
                        path + "/secret_env/" + name,
                        variable,
                        ENV_VAR,
                        "the name of the worker's environment variable that holds the secret, e.g. SHOP_DB_PASSWORD, not the"
                                + " secret itself",
                        true));
        build(path + "/build", service.build());
        variables(path + "/env", service.env());
        healthCheck(path + "/healthcheck", service.healthcheck());
        positive(path + "/stop_grace_period", service.stopGracePeriod());
        if (service.migration() != null && service.migration().up().isEmpty()) {
            add(path + "/migration/up", "must be a non-empty list of words, e.g. " + COMMAND_EXAMPLE);
        }
        if (service.validate().stream().anyMatch(endpoint -> !endpoint.startsWith("/"))) {
            add(path + "/validate", "every endpoint must be a URL path that starts with /, e.g. [/items]");
        }
        positive(path + "/validate_deadline", service.validateDeadline());
    }

    private void build(String path, Build build) {
        if (missing(path, build, "where the service's Dockerfile is")) {
            return;
        }
        text(path + "/context", build.context(), ANY, "a directory relative to the plan", true);
        text(path + "/dockerfile", build.dockerfile(), ANY, "a file", true);
        variables(path + "/args", build.args());
    }

    private void healthCheck(String path, HealthCheck check) {
        if (missing(path, check, "how relman knows a new replica is ready, e.g. path: /health")) {
            return;
        }
        text(path + "/path", check.path(), URL_PATH, "a URL path that starts with /, e.g. /health", true);
        positive(path + "/interval", check.interval());
        positive(path + "/timeout", check.timeout());
        positive(path + "/deadline", check.deadline());
        if (isPositive(check.timeout())
                && isPositive(check.deadline())
                && check.timeout().compareTo(check.deadline()) > 0) {
            add(
                    path + "/timeout",
                    "is longer than the deadline (" + check.deadline().toSeconds() + "s); make the"
                            + " timeout shorter or the deadline longer");
        }
    }

    /** Names of variables: the keys of {@code env}, {@code secret_env} and build args. */
    private void variables(String path, Map<String, String> variables) {
        variables.keySet().stream()
                .sorted()
                .filter(name -> !ENV_VAR.matcher(name).matches())
                .forEach(name -> problems.add(PlanProblem.atKey(path + "/" + name, "must be " + VARIABLE_WHAT)));
    }

    private boolean missing(String path, Object section, String what) {
        if (section == null) {
            add(path, "is missing; add " + key(path) + ": " + what);
        }
        return section == null;
    }

    private void text(String path, String value, Pattern pattern, String what, boolean required) {
        if (value == null) {
            if (required) {
                add(path, "is missing; add " + key(path) + ": " + what);
            }
        } else if (!pattern.matcher(value).matches()) {
            add(path, "must be " + what);
        }
    }

    private void range(String path, int value, int min, int max) {
        if (value < min || value > max) {
            add(path, rangeProblem(min, max));
        }
    }

    /** The problem of a number out of its range, or not a number at all. */
    public static String rangeProblem(int min, int max) {
        return "must be a whole number from " + min + " to " + max;
    }

    private void positive(String path, Duration duration) {
        if (duration != null && !isPositive(duration)) {
            add(path, Durations.PROBLEM);
        }
    }

    private static boolean isPositive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private void add(String path, String message) {
        problems.add(PlanProblem.at(path, message));
    }

    private static String key(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
