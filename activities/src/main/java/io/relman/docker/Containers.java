package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Container look-ups and creation shared by the activities that make containers. */
public final class Containers {
    private final DockerClient docker;

    public Containers(DockerClient docker) {
        this.docker = docker;
    }

    public Optional<InspectContainerResponse> inspect(String container) {
        try {
            return Optional.of(docker.inspectContainerCmd(container).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Starts {@code container} unless it runs (or was started since it was inspected). */
    public void startIfNotRunning(InspectContainerResponse container) {
        if (!running(container)) {
            try {
                docker.startContainerCmd(container.getId()).exec();
            } catch (NotModifiedException alreadyStarted) {
                // Started between the inspect and now: what we wanted.
            }
        }
    }

    public Optional<InspectImageResponse> inspectImage(String image) {
        try {
            return Optional.of(docker.inspectImageCmd(image).exec());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** Whether the container binds a port of the host (ports: in compose, -p in docker run). */
    public static boolean publishesHostPort(InspectContainerResponse container) {
        HostConfig host = container.getHostConfig();
        if (host == null) {
            return false;
        }
        Ports bindings = host.getPortBindings();
        return Boolean.TRUE.equals(host.getPublishAllPorts())
                || bindings != null
                        && bindings.getBindings().values().stream()
                                .anyMatch(binding -> binding != null && binding.length > 0);
    }

    /** The same, for a container as listed. */
    public static boolean publishesHostPort(Container container) {
        return container.getPorts() != null
                && Arrays.stream(container.getPorts())
                        .map(ContainerPort::getPublicPort)
                        .anyMatch(Objects::nonNull);
    }

    /** Creates the container and joins it to every network of its spec, so it starts fully wired; returns its id. */
    public String create(ContainerSpec spec) {
        String id = spec.applyTo(docker.createContainerCmd(spec.image())).exec().getId();
        spec.extraNetworks().forEach(network -> connect(id, network));
        return id;
    }

    /**
     * Joins {@code container} to the networks of {@code spec} it is not on (an attempt that died
     * between create and connect left them out); the ones it joined.
     */
    public List<String> connectMissing(InspectContainerResponse container, ContainerSpec spec) {
        var attached = container.getNetworkSettings().getNetworks();
        List<Map.Entry<String, List<String>>> missing =
                spec.networksMissingFrom(attached == null ? Set.of() : attached.keySet());
        missing.forEach(network -> connect(container.getId(), network));
        return missing.stream().map(Map.Entry::getKey).toList();
    }

    private void connect(String containerId, Map.Entry<String, List<String>> network) {
        docker.connectToNetworkCmd()
                .withContainerId(containerId)
                .withNetworkId(network.getKey())
                .withContainerNetwork(new ContainerNetwork().withAliases(network.getValue()))
                .exec();
    }

    /** Whether the engine says the container runs (it says nothing for one that never started). */
    public static boolean running(InspectContainerResponse container) {
        return Boolean.TRUE.equals(container.getState().getRunning());
    }

    /** A container's labels; none is an empty map. */
    public static Map<String, String> labelsOf(InspectContainerResponse container) {
        Map<String, String> labels = container.getConfig().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
