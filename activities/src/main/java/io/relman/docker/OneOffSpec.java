package io.relman.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A one-off container (a migration) that runs as the app runs: made like a running replica, as its
 * replacement would be ({@link ContainerSpec#copyOf}: the replica's own environment, networks, user,
 * working directory, volumes and labels, not what came from its image), with the given env on top,
 * minus what would make it pass for a replica or serve:
 *
 * <ul>
 *   <li>no published or exposed ports, and no alias on its networks: nginx or docker's DNS must never send
 *       it a request meant for the service (compose's {@code run} gives no alias either);
 *   <li>none of compose's or relman's labels of the replica: {@code docker compose ps} and {@code up
 *       --scale} would count it as a replica, relman would find it as one; it gets the given labels and
 *       {@link ContainerNames#LABEL_MADE_LIKE} instead;
 *   <li>the image's own entrypoint and healthcheck, and the command given: a plan's migration command means
 *       the same whether a replica runs (a later deploy) or not (a first deploy, from the plan alone);
 *   <li>no restart policy, and never removed by docker: the command runs once, and its exit code is read.
 * </ul>
 */
public final class OneOffSpec {
    private static final List<String> REPLICA_LABEL_PREFIXES = List.of("com.docker.compose.", "relman.");

    private OneOffSpec() {}

    /**
     * The one-off container {@code name} of {@code image} running {@code cmd}, made like {@code replica}
     * (which ran {@code replicaImage}). The replica's inspected host configuration is taken over and
     * changed: inspect it for this call only.
     */
    public static ContainerSpec madeLike(
            InspectContainerResponse replica,
            InspectImageResponse replicaImage,
            String name,
            String image,
            Map<String, String> env,
            Map<String, String> labels,
            List<String> cmd) {
        ContainerSpec replacement = ContainerSpec.copyOf(replica, replicaImage, name, image, env, Map.of());

        Map<String, String> ownLabels = notAReplica(replacement, labels);
        ownLabels.put(ContainerNames.LABEL_MADE_LIKE, nameOf(replica));

        HostConfig hostConfig = unpublished(replacement)
                .withRestartPolicy(RestartPolicy.noRestart())
                .withAutoRemove(false);

        return new ContainerSpec(
                name,
                image,
                replacement.env(),
                ownLabels,
                cmd,
                null,
                replacement.workingDir(),
                replacement.user(),
                replacement.hostname(),
                List.of(),
                null,
                hostConfig,
                withoutAliases(replacement));
    }

    /** {@code spec}'s labels without compose's and relman's marks of a replica, and {@code labels} on top. */
    static Map<String, String> notAReplica(ContainerSpec spec, Map<String, String> labels) {
        Map<String, String> own = new TreeMap<>(spec.labels());
        own.keySet().removeIf(OneOffSpec::marksAReplica);
        own.putAll(labels);
        return own;
    }

    /** {@code spec}'s networks with no alias: docker's DNS never sends the service's name to it. */
    static Map<String, List<String>> withoutAliases(ContainerSpec spec) {
        Map<String, List<String>> networks = new LinkedHashMap<>();
        spec.networks().keySet().forEach(network -> networks.put(network, List.of()));
        return networks;
    }

    /** {@code spec}'s host configuration with no port published on the host. */
    static HostConfig unpublished(ContainerSpec spec) {
        return spec.hostConfig().withPortBindings(new Ports()).withPublishAllPorts(false);
    }

    /** A container's name as docker names it, without the leading slash inspect gives it. */
    public static String nameOf(InspectContainerResponse container) {
        String name = container.getName();
        return name.startsWith("/") ? name.substring(1) : name;
    }

    private static boolean marksAReplica(String label) {
        return REPLICA_LABEL_PREFIXES.stream().anyMatch(label::startsWith);
    }
}
