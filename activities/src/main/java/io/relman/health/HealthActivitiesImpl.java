package io.relman.health;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.docker.ContainerDeaths;
import io.relman.docker.ContainerLogs;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerEngines.Engine;
import io.relman.docker.DockerExec;
import io.relman.docker.ProbeSidecars;
import io.relman.support.Pause;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class HealthActivitiesImpl implements HealthActivities {
    private static final Logger log = LoggerFactory.getLogger(HealthActivitiesImpl.class);
    private static final int LOG_LINES = 15;

    private final DockerEngines engines;

    /** Probes run in relman's sidecar in the load balancer's network namespace: see {@link ProbeSidecars}. */
    public HealthActivitiesImpl(DockerEngines engines) {
        this.engines = engines;
    }

    /**
     * Probes until the replica answers 2xx, and calls it broken as soon as it knows: its container exited
     * or is restarting (at once, with its exit code), {@code failures} answers in a row that are not 2xx,
     * or the deadline passed.
     */
    @Override
    public HealthReport awaitHealthy(HealthProbeRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        // The deadline counts from the first attempt's start, carried in heartbeats across worker restarts.
        long startedAt = activity.getHeartbeatDetails(Long.class).orElse(System.currentTimeMillis());
        long deadline = startedAt + request.check().deadline().toMillis();
        Engine engine = engines.on(request.host());
        DockerClient docker = engineOfReplica(request);
        FailureStreak streak = new FailureStreak(request.check());
        CrashWatch crashes = new CrashWatch(docker, request.replica());
        Duration wait = Duration.ZERO; // the first look is at once
        int attempts = 0;
        while (true) {
            Optional<String> trouble = crashes.lookFor(wait);
            if (trouble.isPresent()) {
                throw broken(docker, request, trouble.get() + " " + since(startedAt), attempts);
            }
            attempts++;
            DockerExec.Result probe = probe(
                    engine, request.probeFrom(), request.url(), request.check().timeout());
            if (probe.succeeded()) {
                long elapsed = System.currentTimeMillis() - startedAt;
                log.info("{} healthy after {} probe(s), {} ms", request.replica(), attempts, elapsed);
                return new HealthReport(request.replica(), attempts, elapsed);
            }
            Optional<String> failed =
                    streak.probed(probe.stdout().strip(), Duration.ofMillis(System.currentTimeMillis() - startedAt));
            if (failed.isPresent()) {
                throw broken(
                        docker,
                        request,
                        "GET " + request.url() + ": " + failed.get() + " " + since(startedAt),
                        attempts);
            }
            activity.heartbeat(startedAt);
            if (System.currentTimeMillis() + request.check().interval().toMillis() > deadline) {
                throw unhealthy(docker, request, "last answer: " + answer(probe), attempts);
            }
            wait = request.check().interval();
        }
    }

    /**
     * Watches until {@code monitor} has passed since the first attempt (carried in heartbeats across worker
     * restarts): a look at the container every 100 ms, a probe every interval.
     */
    @Override
    public HealthReport watchHealthy(HealthProbeRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long startedAt = activity.getHeartbeatDetails(Long.class).orElse(System.currentTimeMillis());
        long until = startedAt + request.check().monitor().toMillis();
        Engine engine = engines.on(request.host());
        DockerClient docker = engineOfReplica(request);
        MonitorStreak streak = new MonitorStreak(request.check());
        CrashWatch crashes = new CrashWatch(docker, request.replica());
        Duration wait = Duration.ZERO;
        int probes = 0;
        while (true) {
            Optional<String> trouble = crashes.lookFor(wait);
            if (trouble.isPresent()) {
                throw broke(docker, request, trouble.get(), startedAt, probes);
            }
            long now = System.currentTimeMillis();
            if (now >= until) {
                log.info(
                        "{} watched for {} ms: {} probe(s), healthy throughout",
                        request.replica(),
                        now - startedAt,
                        probes);
                return new HealthReport(request.replica(), probes, now - startedAt);
            }
            probes++;
            DockerExec.Result probe = probe(
                    engine, request.probeFrom(), request.url(), request.check().timeout());
            Optional<String> failed = streak.probed(probe.stdout().strip(), answer(probe));
            if (failed.isPresent()) {
                throw broke(docker, request, "GET " + request.url() + ": " + failed.get(), startedAt, probes);
            }
            activity.heartbeat(startedAt);
            wait = Duration.ofMillis(
                    Math.max(0, Math.min(request.check().interval().toMillis(), until - System.currentTimeMillis())));
        }
    }

    @Override
    public HealthReport awaitUp(UpCheck check) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long startedAt = activity.getHeartbeatDetails(Long.class).orElse(System.currentTimeMillis());
        long deadline = startedAt + check.deadline().toMillis();
        DockerClient docker = engines.of(check.host());
        Long restarts = null;
        int looks = 0;
        while (true) {
            looks++;
            InspectContainerResponse container =
                    docker.inspectContainerCmd(check.container()).exec();
            restarts = restarts == null ? ContainerTrouble.restartsOf(container) : restarts;
            UpState state = UpState.of(container, check.minUptime(), Instant.now());
            Optional<String> down = ContainerTrouble.of(
                            container, restarts, () -> ContainerDeaths.lastExitCode(docker, container))
                    .or(() -> state == UpState.DOWN ? Optional.of(UpState.why(container)) : Optional.empty());
            if (down.isPresent()) {
                throw FailureType.REPLICA_UNHEALTHY.failure(check.container() + " is not up: " + down.get()
                        + ". Its last log lines:\n" + ContainerLogs.tail(docker, check.container(), LOG_LINES));
            }
            if (state == UpState.UP) {
                long elapsed = System.currentTimeMillis() - startedAt;
                log.info("{} up after {} ms", check.container(), elapsed);
                return new HealthReport(check.container(), looks, elapsed);
            }
            activity.heartbeat(startedAt);
            if (System.currentTimeMillis() > deadline) {
                throw FailureType.REPLICA_UNHEALTHY.failure(check.container() + " was not up within "
                        + check.deadline().toSeconds() + " s (" + UpState.why(container) + "). Its last log lines:\n"
                        + ContainerLogs.tail(docker, check.container(), LOG_LINES));
            }
            Pause.of(Duration.ofSeconds(1));
        }
    }

    @Override
    public HealthReport checkNow(HealthProbeRequest request) {
        long started = System.currentTimeMillis();
        DockerExec.Result probe = probe(
                engines.on(request.host()),
                request.probeFrom(),
                request.url(),
                request.check().timeout());
        if (!probe.succeeded()) {
            throw FailureType.REPLICA_UNHEALTHY.failure(request.replica() + " is not healthy now: GET " + request.url()
                    + " gave " + answer(probe) + ". Fix it (or remove it) before releasing; nothing was changed.");
        }
        return new HealthReport(request.replica(), 1, System.currentTimeMillis() - started);
    }

    @Override
    public HealthReport validateEndpoints(EndpointCheck request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long started = System.currentTimeMillis();
        Engine engine = engines.on(request.host());
        int probes = 0;
        for (String path : request.paths()) {
            long deadline = System.currentTimeMillis() + request.deadline().toMillis();
            while (true) {
                probes++;
                DockerExec.Result probe = probe(engine, request.loadBalancer(), request.url(path), request.timeout());
                if (probe.succeeded()) {
                    break;
                }
                activity.heartbeat(path);
                if (System.currentTimeMillis() > deadline) {
                    throw FailureType.VALIDATION_FAILED.failure("GET " + path + " through " + request.loadBalancer()
                            + " gave " + answer(probe) + " for "
                            + request.deadline().toSeconds() + " s: the release does not serve"
                            + " its critical endpoints");
                }
                Pause.of(Duration.ofMillis(500));
            }
        }
        log.info("{} answered 2xx through {}", request.paths(), request.loadBalancer());
        return new HealthReport(request.loadBalancer(), probes, System.currentTimeMillis() - started);
    }

    private static String answer(DockerExec.Result probe) {
        return probe.stdout().isBlank() || probe.stdout().equals("000") ? probe.message() : "HTTP " + probe.stdout();
    }

    private static String since(long startedAt) {
        return String.format(
                Locale.ROOT,
                "%.1f s after relman began to probe it",
                (System.currentTimeMillis() - startedAt) / 1000.0);
    }

    /** Broken before the deadline: the release need not wait it out. */
    private static ApplicationFailure broken(
            DockerClient docker, HealthProbeRequest request, String why, int attempts) {
        return FailureType.REPLICA_UNHEALTHY.failure(request.replica() + " is broken: " + why + " (" + attempts
                + " probe(s); the deadline of " + request.check().deadline().toSeconds() + " s was not waited out). "
                + logsOf(docker, request));
    }

    /** A replica that passed, and then broke while it was watched: the release fails and is undone. */
    private static ApplicationFailure broke(
            DockerClient docker, HealthProbeRequest request, String why, long startedAt, int probes) {
        return FailureType.REPLICA_UNHEALTHY.failure(request.replica() + " broke "
                + String.format(Locale.ROOT, "%.1f s", (System.currentTimeMillis() - startedAt) / 1000.0)
                + " into its watch, after it had passed its health check: " + why + " (" + probes + " probe(s);"
                + " healthcheck.monitor: " + request.check().monitor().toSeconds() + " s). "
                + logsOf(docker, request));
    }

    /** A replica on a host with a worker of its own is only probed from here: its engine is that worker's. */
    private DockerClient engineOfReplica(HealthProbeRequest request) {
        return engines.reaches(request.engineOfReplica()) ? engines.of(request.engineOfReplica()) : null;
    }

    private static String logsOf(DockerClient docker, HealthProbeRequest request) {
        return docker == null
                ? "Its logs are on " + request.engineOfReplica().describe() + ": docker logs " + request.replica()
                : "Its last log lines:\n" + ContainerLogs.tail(docker, request.replica(), LOG_LINES);
    }

    private static ApplicationFailure unhealthy(
            DockerClient docker, HealthProbeRequest request, String why, int attempts) {
        return FailureType.REPLICA_UNHEALTHY.failure(
                request.replica() + " did not become healthy: GET " + request.url() + " gave no 2xx within "
                        + request.check().deadline().toSeconds() + " s (" + attempts + " probes; " + why + "). "
                        + logsOf(docker, request));
    }

    /**
     * One GET from relman's probe sidecar in the network namespace of {@code from} (nginx's), so it sees
     * what nginx sees; the exec may take a little longer than the request it makes.
     */
    private static DockerExec.Result probe(Engine engine, String from, String url, Duration timeout) {
        return engine.exec()
                .run(engine.sidecars().of(from), HealthProbe.curlArgv(url, timeout), timeout.plusSeconds(5));
    }
}
