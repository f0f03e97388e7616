package io.relman.database;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.RestartPolicy;
import io.relman.docker.ContainerLogs;
import io.relman.docker.ContainerNames;
import io.relman.docker.ContainerSpec;
import io.relman.docker.Containers;
import io.relman.docker.DockerEngines;
import io.relman.docker.OneOffSpec;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.support.Pause;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class MigrationActivitiesImpl implements MigrationActivities {
    private static final Logger log = LoggerFactory.getLogger(MigrationActivitiesImpl.class);
    private static final int OUTPUT_LINES = 20;
    private static final Duration POLL = Duration.ofMillis(500);

    private final DockerEngines engines;
    private final SecretResolver secrets;

    public MigrationActivitiesImpl(DockerEngines engines, SecretResolver secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    @Override
    public MigrationOutcome run(MigrationRequest request) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        long started = System.currentTimeMillis();
        DockerClient docker = engines.of(request.host());
        Containers containers = new Containers(docker);
        String id = containers
                .inspect(request.container())
                .map(earlier -> adopt(docker, earlier))
                .orElseGet(() -> start(containers, docker, request));
        InspectContainerResponse state = docker.inspectContainerCmd(id).exec();
        try {
            while (Containers.running(state)) {
                activity.heartbeat(request.container());
                if (pastDeadline(request, state)) {
                    docker.removeContainerCmd(id).withForce(true).exec();
                    throw FailureType.HOOK_FAILED.failure(request.what() + " `" + String.join(" ", request.command())
                            + "` with " + request.image() + " ran longer than its deadline of "
                            + request.deadline().toSeconds() + " s: its container was removed. Its last lines:\n"
                            + ContainerLogs.tail(docker, id, OUTPUT_LINES));
                }
                Pause.of(POLL);
                state = docker.inspectContainerCmd(id).exec();
            }
        } catch (ActivityCanceledException cancelled) {
            // An abort: the undo starts once this returns, and must not run beside the command.
            log.warn("migration in {} cancelled: stopping and removing it", request.container());
            docker.removeContainerCmd(id).withForce(true).exec();
            throw cancelled;
        }
        int exitCode = state.getState().getExitCodeLong().intValue();
        String output = ContainerLogs.tail(docker, id, OUTPUT_LINES);
        long elapsed = System.currentTimeMillis() - started;
        if (exitCode != 0) {
            throw (request.hook() == null ? FailureType.MIGRATION_FAILED : FailureType.HOOK_FAILED)
                    .failure(request.what() + " `" + String.join(" ", request.command()) + "` with " + request.image()
                            + " exited with " + exitCode + ". Its last lines:\n" + output);
        }
        log.info("{} {} with {} succeeded in {} ms", request.what(), request.command(), request.image(), elapsed);
        return new MigrationOutcome(exitCode, output, elapsed);
    }

    /** Whether a hook's container has run past its deadline, counted from its start (whichever attempt started it). */
    private static boolean pastDeadline(MigrationRequest request, InspectContainerResponse state) {
        if (request.deadline() == null || state.getState().getStartedAt() == null) {
            return false;
        }
        Instant started = Instant.parse(state.getState().getStartedAt());
        return Duration.between(started, Instant.now()).compareTo(request.deadline()) > 0;
    }

    /**
     * An earlier attempt's container: one created but never started (its exit code reads 0 though the
     * command never ran) is started now; one running or ended is waited for or read.
     */
    private static String adopt(DockerClient docker, InspectContainerResponse earlier) {
        if ("created".equals(earlier.getState().getStatus())) {
            log.info("migration container {} was created but never started: starting it", earlier.getName());
            docker.startContainerCmd(earlier.getId()).exec();
        }
        return earlier.getId();
    }

    private String start(Containers containers, DockerClient docker, MigrationRequest request) {
        Map<String, String> env = new HashMap<>(request.env());
        env.putAll(secrets.resolve(request.secretEnv()));
        InspectContainerResponse replica = request.madeLike() == null ? null : replicaToCopy(containers, request);
        ContainerSpec spec = spec(
                request,
                env,
                replica,
                replica == null
                        ? null
                        : docker.inspectImageCmd(replica.getImageId()).exec());
        String created = containers.create(spec);
        docker.startContainerCmd(created).exec();
        log.info(
                "started migration {} in {} ({}), {}",
                request.command(),
                request.container(),
                created,
                replica == null ? "made from the plan alone" : "made like " + OneOffSpec.nameOf(replica));
        return created;
    }

    /**
     * The migration's container: made like {@code replica} (which ran {@code replicaImage}) as its
     * replacement would be, with {@code env} on top; from the plan alone when there is none.
     */
    static ContainerSpec spec(
            MigrationRequest request,
            Map<String, String> env,
            InspectContainerResponse replica,
            InspectImageResponse replicaImage) {
        return replica == null
                ? ContainerSpec.fresh(
                        request.container(),
                        request.image(),
                        request.network(),
                        env,
                        request.labels(),
                        request.command(),
                        RestartPolicy.noRestart())
                : OneOffSpec.madeLike(
                        replica,
                        replicaImage,
                        request.container(),
                        request.image(),
                        env,
                        request.labels(),
                        request.command());
    }

    /**
     * The replica the run names, or its kept copy (the same configuration) when a rollout has renamed it.
     * Neither there is a failure: the plan alone would lack what the replicas run with (compose's
     * environment), which is what fails a migration.
     */
    private static InspectContainerResponse replicaToCopy(Containers containers, MigrationRequest request) {
        String replica = request.madeLike();
        return containers
                .inspect(replica)
                .or(() -> containers.inspect(ContainerNames.kept(replica)))
                .orElseThrow(() -> FailureType.MIGRATION_FAILED.failure("the migration's container is to be made"
                        + " like " + replica + ", which ran at the pre-flight, but neither it nor "
                        + ContainerNames.kept(replica) + " exists now (removed by hand?); the migration did not"
                        + " run. Start the service's replicas again, then release again: the pre-flight finds what"
                        + " runs."));
    }

    @Override
    public void remove(Host host, String container) {
        try {
            engines.of(host).removeContainerCmd(container).withForce(true).exec();
        } catch (NotFoundException gone) {
            log.debug("migration container {} is gone already", container);
        }
    }
}
