package io.relman.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import io.relman.docker.Containers;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerExec;
import io.relman.docker.ProbeSidecars;
import io.relman.health.HealthProbe;
import io.relman.nginx.NginxMaster;
import io.relman.temporal.FailureType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Reads a running compose project for {@code relman init}: its containers' labels and nginx's configuration. */
public class StackActivitiesImpl implements StackActivities {
    static final String LABEL_PROJECT = "com.docker.compose.project";
    static final String LABEL_SERVICE = "com.docker.compose.service";
    /** A {@code docker-compose run} container: a one-off task left behind, not a service to release. */
    static final String LABEL_ONE_OFF = "com.docker.compose.oneoff";

    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(10);
    private static final Set<String> DATABASE_SETTINGS =
            Set.of("POSTGRES_DB", "POSTGRES_USER", "MARIADB_DATABASE", "MARIADB_USER", "MYSQL_DATABASE", "MYSQL_USER");

    /** How long one path of {@link #findHealthPath} may take to answer. */
    private static final Duration PATH_TIMEOUT = Duration.ofSeconds(2);

    private final DockerClient docker;
    private final Containers containers;
    private final DockerExec exec;
    private final ProbeSidecars sidecars;

    /** Probes run in relman's sidecar in the load balancer's network namespace: see {@link ProbeSidecars}. */
    public StackActivitiesImpl(DockerEngines.Engine engine) {
        this.docker = engine.docker();
        this.containers = engine.containers();
        this.exec = engine.exec();
        this.sidecars = engine.sidecars();
    }

    @Override
    public StackDescription describeCompose(String project) {
        List<Container> listed = docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(LABEL_PROJECT, project))
                .exec();
        if (listed.isEmpty()) {
            throw FailureType.PREFLIGHT_FAILED.failure("no container belongs to the compose project " + project
                    + " (label " + LABEL_PROJECT + "); docker-compose -p " + project + " ps lists them");
        }
        List<StackContainer> found = new ArrayList<>();
        List<StackDescription.NginxDump> nginx = new ArrayList<>();
        for (Container listedContainer : listed) {
            if ("True".equalsIgnoreCase(listedContainer.getLabels().get(LABEL_ONE_OFF))) {
                continue;
            }
            String name = listedContainer.getNames()[0].substring(1);
            InspectContainerResponse container = containers.inspect(name).orElse(null);
            if (container == null) {
                continue; // removed since it was listed
            }
            boolean running = Containers.running(container);
            found.add(new StackContainer(
                    name,
                    listedContainer.getLabels().get(LABEL_SERVICE),
                    container.getConfig().getImage(),
                    running,
                    List.copyOf(container.getNetworkSettings().getNetworks().keySet()),
                    exposedPorts(container),
                    container.getConfig().getHealthcheck() != null || imageHasHealthcheck(container),
                    databaseEnv(container.getConfig().getEnv()),
                    DatabaseUrls.in(container.getConfig().getEnv()),
                    command(container)));
            if (running) {
                nginxConfiguration(name).ifPresent(dump -> nginx.add(new StackDescription.NginxDump(name, dump)));
            }
        }
        found.sort(Comparator.comparing(StackContainer::name));
        return new StackDescription(project, found, nginx);
    }

    @Override
    public List<HealthPathSearch.Answer> findHealthPath(HealthPathSearch search) {
        String probe = sidecars.of(search.loadBalancer());
        List<HealthPathSearch.Answer> answers = new ArrayList<>();
        for (String path : search.paths()) {
            String url = "http://" + search.replica() + ":" + search.port() + path;
            DockerExec.Result result =
                    exec.run(probe, HealthProbe.curlArgv(url, PATH_TIMEOUT), PATH_TIMEOUT.plusSeconds(5));
            HealthPathSearch.Answer answer = answer(path, result);
            answers.add(answer);
            if (answer.ok()) {
                break;
            }
        }
        return answers;
    }

    /** curl's {@code %{http_code}} is the status even when {@code --fail} made it exit non-zero; 000: none. */
    static HealthPathSearch.Answer answer(String path, DockerExec.Result result) {
        String code = result.stdout().strip();
        if (code.matches("[1-5]\\d\\d")) {
            return new HealthPathSearch.Answer(path, Integer.parseInt(code), null);
        }
        return new HealthPathSearch.Answer(path, 0, result.message().isEmpty() ? "no answer" : result.message());
    }

    /** {@code nginx -T}, with the running master's options, when an nginx master runs in the container. */
    private Optional<String> nginxConfiguration(String container) {
        TopContainerResponse top = docker.topContainerCmd(container).exec();
        int command = List.of(top.getTitles()).indexOf("CMD");
        List<String> commands = Stream.of(top.getProcesses())
                .map(process -> process[command < 0 ? process.length - 1 : command])
                .toList();
        return NginxMaster.options(commands)
                .map(options -> exec.run(container, NginxMaster.dumpCommand(options), EXEC_TIMEOUT)
                        .stdout());
    }

    /** Its entrypoint, then its command: what it runs, whether the compose file or the image set them. */
    private static List<String> command(InspectContainerResponse container) {
        return Stream.of(
                        container.getConfig().getEntrypoint(),
                        container.getConfig().getCmd())
                .filter(Objects::nonNull)
                .flatMap(Arrays::stream)
                .toList();
    }

    private static List<Integer> exposedPorts(InspectContainerResponse container) {
        ExposedPort[] ports = container.getConfig().getExposedPorts();
        return ports == null
                ? List.of()
                : Arrays.stream(ports).map(ExposedPort::getPort).sorted().toList();
    }

    private boolean imageHasHealthcheck(InspectContainerResponse container) {
        return containers
                .inspectImage(container.getImageId())
                .map(image -> image.getConfig() != null && image.getConfig().getHealthcheck() != null)
                .orElse(false);
    }

    /**
     * The settings a database image reads to name its database and user, by an allowlist: a password
     * (POSTGRES_PASSWORD, MARIADB_ROOT_PASSWORD, ...) never leaves the worker.
     */
    static List<String> databaseEnv(String[] env) {
        return env == null
                ? List.of()
                : Arrays.stream(env)
                        .filter(entry -> entry.contains("="))
                        .filter(entry -> DATABASE_SETTINGS.contains(entry.substring(0, entry.indexOf('='))))
                        .sorted()
                        .toList();
    }
}
