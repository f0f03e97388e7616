package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.nginx.CanaryTraffic;
import io.relman.nginx.CanaryTrafficQuery;
import io.relman.nginx.UpstreamLog;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The canaries of a release on the engine ({@link CanarySpec}); each call finds its own earlier work by name. */
public class CanaryActivitiesImpl implements CanaryActivities {
    private static final Logger log = LoggerFactory.getLogger(CanaryActivitiesImpl.class);

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final DockerEngines engines;
    private final SecretResolver secrets;

    public CanaryActivitiesImpl(DockerEngines engines, SecretResolver secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    @Override
    public ReplicaContainer start(CanaryRequest request) {
        DockerClient docker = engines.of(request.host());
        Containers containers = new Containers(docker);
        String name = request.container();
        Optional<InspectContainerResponse> existing = containers.inspect(name);
        if (existing.isPresent()) {
            Map<String, String> labels = Containers.labelsOf(existing.get());
            if (request.releaseStep().equals(labels.get(ContainerNames.LABEL_STEP))) {
                containers.startIfNotRunning(existing.get());
                return new ReplicaContainer(name, existing.get().getId(), request.image(), request.madeLike());
            }
            if (!labels.containsKey(ContainerNames.LABEL_CANARY_OF)) {
                throw FailureType.CONTAINER_CONFLICT.failure("container " + name + " exists and is not a canary relman"
                        + " made; remove or rename it (docker rm -f " + name + ") and deploy again");
            }
            // A canary a release left behind (its worker and its undo lost): this release's takes its place.
            docker.removeContainerCmd(existing.get().getId()).withForce(true).exec();
            log.info(
                    "removed {} ({}), a canary of release {}",
                    name,
                    existing.get().getId(),
                    labels.get(ContainerNames.LABEL_RELEASE));
        }
        InspectContainerResponse replica = containers
                .inspect(request.madeLike())
                .orElseThrow(() -> FailureType.CONTAINER_CONFLICT.failure("cannot make canary " + name + " like "
                        + request.madeLike() + ": that replica is gone (removed by hand?); deploy again"));
        Map<String, String> env = new HashMap<>(request.env());
        env.putAll(secrets.resolve(request.secretEnv()));
        ContainerSpec spec = CanarySpec.madeLike(
                replica,
                docker.inspectImageCmd(replica.getImageId()).exec(),
                name,
                request.image(),
                env,
                request.labels());
        String id = containers.create(spec);
        docker.startContainerCmd(id).exec();
        log.info(
                "created and started canary {} ({}) from {}, made like {}",
                name,
                id,
                request.image(),
                request.madeLike());
        return new ReplicaContainer(name, id, request.image(), request.madeLike());
    }

    @Override
    public CanaryTraffic traffic(CanaryTrafficQuery query) {
        Set<String> addresses = new HashSet<>();
        Containers canaries = new Containers(engines.of(query.canaryHost()));
        for (String canary : query.canaries()) {
            canaries.inspect(canary)
                    .ifPresent(found -> found.getNetworkSettings()
                            .getNetworks()
                            .values()
                            .forEach(network -> addresses.add(network.getIpAddress() + ":" + query.port())));
        }
        DockerExec exec = engines.on(query.host()).exec();
        DockerExec.Result read = readFrom(exec, query, query.fromOffset());
        long size = Long.parseLong(read.stdout().lines().findFirst().orElse("0").strip());
        if (query.fromOffset() < 0) { // the first look: where the log ends now, from which the next one reads
            return new CanaryTraffic(size, 0, 0, null);
        }
        long from = query.fromOffset();
        if (size < from) { // rotated since the last look: the new file from its start
            from = 0;
            read = readFrom(exec, query, 0);
        }
        String text = read.stdout().substring(read.stdout().indexOf('\n') + 1);
        // Only whole lines: the one nginx is writing now is read at the next look.
        String whole = text.substring(0, text.lastIndexOf('\n') + 1);
        return UpstreamLog.read(whole, addresses, from + whole.getBytes(StandardCharsets.UTF_8).length);
    }

    /** The log's size in bytes, then its bytes from {@code offset} on (none for a negative one). */
    private static DockerExec.Result readFrom(DockerExec exec, CanaryTrafficQuery query, long offset) {
        DockerExec.Result read = exec.run(
                query.container(),
                List.of(
                        "sh",
                        "-c",
                        "wc -c < \"$0\" && if [ \"$1\" != end ]; then tail -c +\"$1\" \"$0\"; fi",
                        query.log(),
                        offset < 0 ? "end" : Long.toString(offset + 1)),
                READ_TIMEOUT);
        if (!read.succeeded()) {
            throw FailureType.CANARY_ANALYSIS_FAILED.failure("the canary's analysis reads nginx's upstream log "
                    + query.log() + " in " + query.container() + ", which nginx does not write (" + read.message()
                    + "): add `" + UpstreamLog.format(query.log()) + "` to its http {} (docs/canary.md), or remove"
                    + " canary.analysis from the plan");
        }
        return read;
    }

    @Override
    public String remove(Host host, String container, Duration gracePeriod) {
        DockerClient docker = engines.of(host);
        Optional<InspectContainerResponse> canary = new Containers(docker).inspect(container);
        if (canary.isEmpty()) {
            return container + " was gone already";
        }
        if (!Containers.labelsOf(canary.get()).containsKey(ContainerNames.LABEL_CANARY_OF)) {
            // Its start was refused for this container (another service's replica by that name): not ours.
            log.warn(
                    "left {} ({}) alone: it is not a canary",
                    container,
                    canary.get().getId());
            return container + " is not a canary relman made: left as it is";
        }
        if (Containers.running(canary.get())) {
            GracefulStop.stop(docker, container, gracePeriod);
        }
        docker.removeContainerCmd(canary.get().getId()).withForce(true).exec();
        log.info("removed canary {} ({})", container, canary.get().getId());
        return "removed " + container;
    }
}
