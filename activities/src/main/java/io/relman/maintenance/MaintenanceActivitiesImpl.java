package io.relman.maintenance;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.RestartPolicy;
import io.relman.docker.ContainerSpec;
import io.relman.docker.Containers;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerExec;
import io.relman.health.HealthProbe;
import io.relman.plan.Host;
import io.relman.support.Pause;
import io.relman.temporal.FailureType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The maintenance page's container, from relman's image (docker/maintenance), on the stack's network. */
public class MaintenanceActivitiesImpl implements MaintenanceActivities {
    /** Built by scripts/setup.sh from docker/maintenance. */
    public static final String IMAGE = "relman/maintenance:1";

    static final String PAGE_VARIABLE = "RELMAN_PAGE";
    static final String RETRY_AFTER_VARIABLE = "RELMAN_RETRY_AFTER_SECONDS";
    private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(MaintenanceActivitiesImpl.class);

    private final DockerEngines engines;

    public MaintenanceActivitiesImpl(DockerEngines engines) {
        this.engines = engines;
    }

    @Override
    public String showPage(MaintenancePageRequest request) {
        DockerEngines.Engine engine = engines.on(request.host());
        Containers containers = engine.containers();
        ContainerSpec spec = spec(request);
        InspectContainerResponse found = containers.inspect(request.container()).orElse(null);
        if (found != null && !(Containers.running(found) && sameEnv(found, spec))) {
            // An earlier page (another text), or one that stopped: made again with this one.
            engine.docker()
                    .removeContainerCmd(request.container())
                    .withForce(true)
                    .exec();
            found = null;
        }
        if (found == null) {
            if (containers.inspectImage(IMAGE).isEmpty()) {
                throw FailureType.PREFLIGHT_FAILED.failure("relman's maintenance page image " + IMAGE + " is not on"
                        + " the engine of " + request.host().describe() + ": build it with scripts/setup.sh (docker"
                        + " build -t " + IMAGE + " docker/maintenance)");
            }
            String id = containers.create(spec);
            engine.docker().startContainerCmd(id).exec();
            log.info("started the maintenance page {} on network {}", request.container(), request.network());
        }
        String server = request.container() + ":" + MaintenancePageRequest.PORT;
        awaitAnswer(engine, request, server);
        return server;
    }

    /** The page's container: the page and its Retry-After in its environment, restarted with the engine. */
    static ContainerSpec spec(MaintenancePageRequest request) {
        return ContainerSpec.fresh(
                request.container(),
                IMAGE,
                request.network(),
                Map.of(
                        PAGE_VARIABLE, request.page(),
                        RETRY_AFTER_VARIABLE, Long.toString(request.retryAfter().toSeconds())),
                request.labels(),
                null,
                RestartPolicy.unlessStoppedRestart());
    }

    private static boolean sameEnv(InspectContainerResponse found, ContainerSpec spec) {
        Map<String, String> env = ContainerSpec.envMap(found.getConfig().getEnv());
        Map<String, String> wanted = ContainerSpec.envMap(spec.env().toArray(String[]::new));
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(env.get(e.getKey())));
    }

    /** From the load balancer's network namespace, as nginx will: the page answers 503 (nginx needs a moment). */
    private static void awaitAnswer(DockerEngines.Engine engine, MaintenancePageRequest request, String server) {
        DockerExec exec = engine.exec();
        String probe = engine.sidecars().of(request.loadBalancer());
        List<String> curl = HealthProbe.curlArgv("http://" + server + "/", Duration.ofSeconds(2));
        long deadline = System.nanoTime() + ANSWERS_WITHIN.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            DockerExec.Result answer = exec.run(probe, curl, Duration.ofSeconds(5));
            if (answer.stdout().strip().startsWith("503")) {
                return;
            }
            last = answer.stdout().strip() + " " + answer.message();
            Pause.of(Duration.ofMillis(200));
        }
        throw new IllegalStateException("the maintenance page " + server + " did not answer 503 to "
                + request.loadBalancer() + " within " + ANSWERS_WITHIN + " (last: " + last.strip()
                + "); see docker logs " + request.container());
    }

    @Override
    public void removePage(Host host, String container) {
        try {
            engines.on(host)
                    .docker()
                    .removeContainerCmd(container)
                    .withForce(true)
                    .exec();
        } catch (NotFoundException gone) {
            log.debug("maintenance page {} is gone already", container);
        }
    }
}
