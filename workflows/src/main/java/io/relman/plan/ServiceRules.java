package io.relman.plan;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The rules of one service of a plan. */
final class ServiceRules {
    /** How long one replica's step may wait: its stop, its health check, its uptime. */
    static final Duration STEP_LIMIT = Duration.ofHours(1);

    private static final Pattern IMAGE = Pattern.compile("[a-z0-9]+([._/-][a-z0-9]+)*");
    private static final Pattern UPSTREAM = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern URL_PATH = Pattern.compile("/\\S*");
    private static final Pattern ANY = Pattern.compile(".+");

    private final Problems problems;

    private ServiceRules(Problems problems) {
        this.problems = problems;
    }

    static void check(Problems problems, Service service) {
        new ServiceRules(problems).check(service);
    }

    /** Two services cannot share an upstream: releasing one would rewrite the other's servers. */
    static void upstreams(Problems problems, Plan plan) {
        Map<String, String> owners = new HashMap<>();
        for (Service service : plan.services()) {
            if (!service.servesTraffic()) {
                continue;
            }
            String taken = owners.putIfAbsent(service.upstream(), service.name());
            if (taken != null) {
                problems.add(
                        "services/" + service.name() + "/upstream",
                        "'" + service.upstream() + "' is the upstream of " + taken
                                + " too; give each service an upstream of its own");
            }
        }
    }

    private void check(Service service) {
        String path = "services/" + service.name();
        problems.text(
                path + "/image",
                service.image(),
                IMAGE,
                "a lowercase image repository without tag, e.g. shop/" + service.name(),
                true);
        problems.range(path + "/replicas", service.replicas(), 1, PlanValidator.MAX_REPLICAS);
        if (service.replicaNames() != null) {
            ReplicaNames.problems(service.replicaNames(), service.replicas())
                    .forEach(problem -> problems.add(path + "/replica_names", problem));
        }
        if (service.port() != null) {
            problems.range(path + "/port", service.port(), 1, 65535);
        }
        problems.variables(path + "/secret_env", service.secretEnv());
        new TreeMap<>(service.secretEnv())
                .forEach((name, variable) -> problems.text(
                        path + "/secret_env/" + name,
                        variable,
                        Problems.ENV_VAR,
                        "the name of the worker's environment"
                                + " variable that holds the secret, e.g. SHOP_DB_PASSWORD, not the secret itself",
                        true));
        build(path + "/build", service.build());
        problems.variables(path + "/env", service.env());
        if (service.servesTraffic()) {
            traffic(path, service);
        } else {
            noTraffic(path, service);
        }
        problems.positiveUpTo(path + "/stop_grace_period", service.stopGracePeriod(), STEP_LIMIT);
        problems.positiveUpTo(path + "/min_uptime", service.minUptime(), STEP_LIMIT);
        HookRules.check(problems, path + "/hooks", service);
        CanaryRules.check(problems, path, service);
        if (service.maintenance() != null && !service.servesTraffic()) {
            problems.add(
                    path + "/maintenance",
                    "is for a service with a port: nginx sends " + service.name() + " no traffic to hold");
        }
        if (service.migration() != null && service.migration().up().isEmpty()) {
            problems.add(path + "/migration/up", PlanMessages.words(PlanMessages.COMMAND_EXAMPLE));
        }
    }

    /** A service with a port: its upstream, its HTTP health check, its endpoints. */
    private void traffic(String path, Service service) {
        problems.text(
                path + "/upstream",
                service.upstream(),
                UPSTREAM,
                "an nginx upstream name: letters, digits" + " and _",
                true);
        HealthCheck check = service.healthcheck();
        if (problems.missing(
                path + "/healthcheck", check, "how relman knows a new replica is ready, e.g. path: /health")) {
            return;
        }
        problems.text(
                path + "/healthcheck/path",
                check.path(),
                URL_PATH,
                "a URL path that starts with /, e.g. /health",
                true);
        problems.positiveUpTo(path + "/healthcheck/interval", check.interval(), STEP_LIMIT);
        problems.positiveUpTo(path + "/healthcheck/timeout", check.timeout(), STEP_LIMIT);
        problems.positiveUpTo(path + "/healthcheck/deadline", check.deadline(), STEP_LIMIT);
        if (Problems.isPositive(check.timeout())
                && Problems.isPositive(check.deadline())
                && check.timeout().compareTo(check.deadline()) > 0) {
            problems.add(
                    path + "/healthcheck/timeout",
                    "is longer than the deadline (" + check.deadline().toSeconds()
                            + "s); make the timeout shorter or the deadline longer");
        }
        failureCount(path, check);
        monitorWindow(path, check);
        if (service.validate().stream().anyMatch(endpoint -> !endpoint.startsWith("/"))) {
            problems.add(path + "/validate", "every endpoint must be a URL path that starts with /, e.g. [/items]");
        }
        problems.positive(path + "/validate_deadline", service.validateDeadline());
    }

    /** {@code failures} and {@code start_period}: answers that can tell a replica broken before the deadline. */
    private void failureCount(String path, HealthCheck check) {
        if (check.failures() != null && check.failures() < 1) {
            problems.add(
                    path + "/healthcheck/failures",
                    "must be a number of answers, 1 or more (3 is a common choice), or left out to let only the"
                            + " deadline decide");
        }
        Duration startPeriod = check.startPeriod();
        if (startPeriod == null) {
            return;
        }
        if (check.failures() == null) {
            problems.add(
                    path + "/healthcheck/start_period",
                    "counts only with failures: give failures (e.g. 3), or remove start_period");
        } else if (startPeriod.isNegative()
                || Problems.isPositive(check.deadline()) && startPeriod.compareTo(check.deadline()) >= 0) {
            problems.add(
                    path + "/healthcheck/start_period",
                    "must be shorter than the deadline (" + check.deadline().toSeconds()
                            + "s): answers after the deadline are never counted");
        }
    }

    /**
     * {@code monitor}: long enough for the streak that calls a watched replica broken to happen (each probe
     * may take its timeout), and at most an hour, as a release holds its environment's lock meanwhile.
     */
    private void monitorWindow(String path, HealthCheck check) {
        Duration monitor = check.monitor();
        if (monitor == null || !Problems.isPositive(check.interval()) || !Problems.isPositive(check.timeout())) {
            return;
        }
        int failures = check.monitorFailures();
        Duration shortest =
                check.timeout().multipliedBy(failures).plus(check.interval().multipliedBy(failures - 1L));
        problems.positiveUpTo(path + "/healthcheck/monitor", monitor, STEP_LIMIT);
        if (Problems.isPositive(monitor) && monitor.compareTo(STEP_LIMIT) <= 0 && monitor.compareTo(shortest) < 0) {
            problems.add(
                    path + "/healthcheck/monitor",
                    "is shorter than " + Durations.text(shortest) + ", the time " + failures
                            + " failed probes in a row take (failures x timeout + (failures - 1) x interval):"
                            + " a replica could never be called broken in it; make it at least that long");
        }
    }

    /** A service without a port (a queue worker): nothing to request over HTTP. */
    private void noTraffic(String path, Service service) {
        if (service.healthcheck() != null) {
            if (service.healthcheck().path() != null) {
                problems.add(
                        path + "/healthcheck/path",
                        "a service without a port has no HTTP health check; remove"
                                + " path (its image's Docker HEALTHCHECK, or else min_uptime, tells when it is up), or give"
                                + " the service its port");
            }
            problems.positive(
                    path + "/healthcheck/deadline", service.healthcheck().deadline());
            if (service.healthcheck().monitor() != null) {
                problems.add(
                        path + "/healthcheck/monitor",
                        "a service without a port has no HTTP health check to watch; remove monitor, or give the"
                                + " service its port");
            }
        }
        if (!service.validate().isEmpty()) {
            problems.add(
                    path + "/validate",
                    "a service without a port has no endpoints to request; remove validate,"
                            + " or give the service its port");
        }
        if (service.updateOrder() == UpdateOrder.DRAIN_FIRST) {
            problems.add(
                    path + "/update_order",
                    "drain-first takes a replica out of the load balancer before it stops, and a service without a"
                            + " port is in none: use stop-first (or start-first)");
        }
    }

    private void build(String path, Build build) {
        if (build == null) {
            return; // built elsewhere: the pre-flight checks that the image is on the engine
        }
        problems.text(path + "/context", build.context(), ANY, "a directory relative to the plan", true);
        problems.text(path + "/dockerfile", build.dockerfile(), ANY, "a file", true);
        problems.variables(path + "/args", build.args());
    }
}
