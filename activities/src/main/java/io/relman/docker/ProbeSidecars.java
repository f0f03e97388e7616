package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.HostConfig;
import io.relman.temporal.FailureType;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * relman's probe containers: one per load balancer, sharing its network namespace, from which every probe
 * runs (replicas' health, endpoints through nginx, the generation nginx serves). The user's containers
 * need no tool at all. A sidecar is made on first use and made again when the load balancer restarted
 * since (a new network namespace) or the sidecar stopped.
 */
public final class ProbeSidecars {
    /** The image, built from docker/probe by scripts/setup.sh. */
    public static final String DEFAULT_IMAGE = "relman/probe:1";

    static final String LABEL_PROBES = "relman.probes";
    private static final Logger log = LoggerFactory.getLogger(ProbeSidecars.class);

    private final DockerClient docker;
    private final Containers containers;
    private final String image;

    public ProbeSidecars(DockerClient docker, String image) {
        this.docker = docker;
        this.containers = new Containers(docker);
        this.image = image;
    }

    /** {@code relman-probe-web-lb}. */
    static String nameFor(String loadBalancer) {
        return "relman-probe-" + loadBalancer;
    }

    /** The name of a running sidecar in {@code loadBalancer}'s network namespace, made now if need be. */
    public String of(String loadBalancer) {
        InspectContainerResponse lb = containers
                .inspect(loadBalancer)
                .orElseThrow(() -> FailureType.PREFLIGHT_FAILED.failure("the load balancer container " + loadBalancer
                        + " does not exist; check load_balancer in" + " the plan (docker ps -a shows the containers)"));
        if (!Containers.running(lb)) {
            throw new IllegalStateException("the load balancer " + loadBalancer + " is not running");
        }
        String name = nameFor(loadBalancer);
        InspectContainerResponse sidecar = containers.inspect(name).orElse(null);
        if (sidecar != null && !current(sidecar, lb)) {
            log.info("making {} again: {} restarted since, or it stopped", name, loadBalancer);
            remove(name);
            sidecar = null;
        }
        if (sidecar == null) {
            create(name, lb);
        }
        return name;
    }

    /** Running, in the load balancer's network namespace as it is since its latest start. */
    private static boolean current(InspectContainerResponse sidecar, InspectContainerResponse lb) {
        return Containers.running(sidecar)
                && ("container:" + lb.getId()).equals(sidecar.getHostConfig().getNetworkMode())
                && !Instant.parse(sidecar.getState().getStartedAt())
                        .isBefore(Instant.parse(lb.getState().getStartedAt()));
    }

    private void create(String name, InspectContainerResponse lb) {
        if (containers.inspectImage(image).isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure("relman's probe image " + image + " is not on the engine:"
                    + " build it with scripts/setup.sh (docker build -t " + image + " docker/probe)");
        }
        try {
            String id = docker.createContainerCmd(image)
                    .withName(name)
                    .withLabels(Map.of(LABEL_PROBES, lb.getName().substring(1)))
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode("container:" + lb.getId()))
                    .exec()
                    .getId();
            docker.startContainerCmd(id).exec();
            log.info(
                    "started {} in the network namespace of {}",
                    name,
                    lb.getName().substring(1));
        } catch (ConflictException madeMeanwhile) {
            // Another activity made it between the inspect and now: it is the one we wanted.
            startIfStopped(name);
        }
    }

    private void startIfStopped(String name) {
        try {
            docker.startContainerCmd(name).exec();
        } catch (NotModifiedException running) {
            // Running already.
        }
    }

    private void remove(String name) {
        try {
            docker.removeContainerCmd(name).withForce(true).exec();
        } catch (NotFoundException gone) {
            // Removed meanwhile.
        }
    }
}
