package io.relman.database;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.RestartPolicy;
import io.relman.docker.ContainerLogs;
import io.relman.docker.ContainerSpec;
import io.relman.docker.Containers;
import io.relman.docker.DockerEngines;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.support.Pause;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import java.time.Duration;
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
            throw FailureType.MIGRATION_FAILED.failure("migration `" + String.join(" ", request.command()) + "` with "
                    + request.image() + " exited with " + exitCode + ". Its last lines:\n" + output);
        }
        log.info("migration {} with {} succeeded in {} ms", request.command(), request.image(), elapsed);
        return new MigrationOutcome(exitCode, output, elapsed);
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
        String created = containers.create(ContainerSpec.fresh(
                request.container(),
                request.image(),
                request.network(),
                env,
                request.labels(),
                request.command(),
                RestartPolicy.noRestart()));
        docker.startContainerCmd(created).exec();
        log.info("started migration {} in {} ({})", request.command(), request.container(), created);
        return created;
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
