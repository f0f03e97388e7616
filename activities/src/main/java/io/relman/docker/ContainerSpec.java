package io.relman.docker;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything needed to create a container, worked out without talking to docker. A replacement is
 * made {@link #copyOf} the old container: what the old container set for itself (ports, volumes,
 * networks, restart policy, env, labels, command) is kept, while what merely came from the old
 * image is left to the new image, so that e.g. an image's {@code ENV APP_VERSION=v1} does not
 * outlive it. A container's own stop signal and stop timeout are not carried over: docker-java's
 * inspect model does not expose them.
 *
 * @param networks network name to the aliases the container has on it; the first is the one it is
 *     created on, the others are connected before it starts
 */
public record ContainerSpec(
        String name,
        String image,
        List<String> env,
        Map<String, String> labels,
        List<String> cmd,
        List<String> entrypoint,
        String workingDir,
        String user,
        String hostname,
        List<ExposedPort> exposedPorts,
        HealthCheck healthcheck,
        HostConfig hostConfig,
        Map<String, List<String>> networks) {

    public static final RestartPolicy DEFAULT_RESTART_POLICY = RestartPolicy.unlessStoppedRestart();

    /** A container made from the plan alone: a first deploy, or a one-off migration container. */
    public static ContainerSpec fresh(
            String name,
            String image,
            String network,
            Map<String, String> env,
            Map<String, String> labels,
            List<String> cmd,
            RestartPolicy restartPolicy) {
        return new ContainerSpec(
                name,
                image,
                envList(new TreeMap<>(env)),
                new TreeMap<>(labels),
                cmd,
                null,
                null,
                null,
                null,
                List.of(),
                null,
                HostConfig.newHostConfig().withNetworkMode(network).withRestartPolicy(restartPolicy),
                Map.of(network, List.of()));
    }

    /**
     * The replacement of {@code previous} (which ran {@code previousImage}) with {@code image}: its
     * own configuration, with {@code env} and {@code labels} laid over it.
     */
    public static ContainerSpec copyOf(
            InspectContainerResponse previous,
            InspectImageResponse previousImage,
            String name,
            String image,
            Map<String, String> env,
            Map<String, String> labels) {
        ContainerConfig config = previous.getConfig();
        ContainerConfig imageConfig =
                previousImage.getConfig() != null ? previousImage.getConfig() : new ContainerConfig();

        Map<String, String> ownEnv = new LinkedHashMap<>(envMap(config.getEnv()));
        envMap(imageConfig.getEnv()).forEach((key, value) -> ownEnv.remove(key, value));
        ownEnv.putAll(env);

        Map<String, String> ownLabels = new TreeMap<>(orEmpty(config.getLabels()));
        orEmpty(imageConfig.getLabels()).forEach((key, value) -> ownLabels.remove(key, value));
        ownLabels.putAll(labels);

        List<ExposedPort> ownPorts = new ArrayList<>(Arrays.asList(orEmpty(config.getExposedPorts())));
        ownPorts.removeAll(Arrays.asList(orEmpty(imageConfig.getExposedPorts())));

        String shortId =
                previous.getId().substring(0, Math.min(12, previous.getId().length()));
        Map<String, List<String>> networks = new LinkedHashMap<>();
        String primary = previous.getHostConfig().getNetworkMode();
        Map<String, ContainerNetwork> attached = previous.getNetworkSettings().getNetworks();
        if (primary != null && attached.containsKey(primary)) {
            networks.put(primary, ownAliases(attached.get(primary), shortId));
        }
        attached.forEach((network, endpoint) -> networks.putIfAbsent(network, ownAliases(endpoint, shortId)));

        return new ContainerSpec(
                name,
                image,
                envList(ownEnv),
                ownLabels,
                ownUnlessInherited(config.getCmd(), imageConfig.getCmd()),
                ownUnlessInherited(config.getEntrypoint(), imageConfig.getEntrypoint()),
                ownUnlessInherited(config.getWorkingDir(), imageConfig.getWorkingDir()),
                ownUnlessInherited(config.getUser(), imageConfig.getUser()),
                shortId.equals(config.getHostName()) ? null : config.getHostName(),
                ownPorts,
                ownUnlessInherited(config.getHealthcheck(), imageConfig.getHealthcheck()),
                previous.getHostConfig(),
                networks);
    }

    /** This container with {@code containerPort} published on {@code address:hostPort} of its host. */
    public ContainerSpec publishing(String address, int hostPort, int containerPort) {
        ExposedPort port = ExposedPort.tcp(containerPort);
        List<ExposedPort> ports = new ArrayList<>(exposedPorts);
        ports.add(port);
        return new ContainerSpec(
                name,
                image,
                env,
                labels,
                cmd,
                entrypoint,
                workingDir,
                user,
                hostname,
                ports,
                healthcheck,
                hostConfig.withPortBindings(new Ports(port, Ports.Binding.bindIpAndPort(address, hostPort))),
                networks);
    }

    /** The network the container is created on. */
    public String primaryNetwork() {
        return networks.keySet().iterator().next();
    }

    public CreateContainerCmd applyTo(CreateContainerCmd create) {
        create.withName(name)
                .withImage(image)
                .withEnv(env)
                .withLabels(labels)
                .withHostConfig(hostConfig)
                .withAliases(networks.get(primaryNetwork()));
        if (cmd != null) create.withCmd(cmd);
        if (entrypoint != null) create.withEntrypoint(entrypoint);
        if (workingDir != null) create.withWorkingDir(workingDir);
        if (user != null) create.withUser(user);
        if (hostname != null) create.withHostName(hostname);
        if (!exposedPorts.isEmpty()) create.withExposedPorts(exposedPorts);
        if (healthcheck != null) create.withHealthcheck(healthcheck);
        return create;
    }

    public static Map<String, String> envMap(String[] env) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : orEmpty(env)) {
            int eq = entry.indexOf('=');
            if (eq < 0) map.put(entry, null);
            else map.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        return map;
    }

    private static List<String> envList(Map<String, String> env) {
        return env.entrySet().stream()
                .map(e -> e.getValue() == null ? e.getKey() : e.getKey() + "=" + e.getValue())
                .toList();
    }

    /** Docker adds the container's short id as an alias of its own: the new container gets its own. */
    private static List<String> ownAliases(ContainerNetwork endpoint, String shortId) {
        List<String> aliases = endpoint.getAliases() == null ? List.of() : endpoint.getAliases();
        return aliases.stream().filter(alias -> !alias.equals(shortId)).toList();
    }

    private static List<String> ownUnlessInherited(String[] own, String[] inherited) {
        return own == null || Arrays.equals(own, inherited) ? null : List.of(own);
    }

    private static <T> T ownUnlessInherited(T own, T inherited) {
        return Objects.equals(own, inherited) ? null : own;
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static String[] orEmpty(String[] array) {
        return array == null ? new String[0] : array;
    }

    private static ExposedPort[] orEmpty(ExposedPort[] array) {
        return array == null ? new ExposedPort[0] : array;
    }

    /** The networks of this spec, with their aliases, that a container attached to {@code attached} lacks. */
    public List<Map.Entry<String, List<String>>> networksMissingFrom(Set<String> attached) {
        return extraNetworks().stream()
                .filter(network -> !attached.contains(network.getKey()))
                .toList();
    }

    /** Networks besides the primary one, to connect before the container starts. */
    public Set<Map.Entry<String, List<String>>> extraNetworks() {
        Map<String, List<String>> extra = new LinkedHashMap<>(networks);
        extra.remove(primaryNetwork());
        return extra.entrySet();
    }
}
