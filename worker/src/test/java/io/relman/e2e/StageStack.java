package io.relman.e2e;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.relman.docker.ContainerNames;
import java.util.List;
import java.util.Map;

/** What CanaryReleaseIT reads of the stage stack, to compare it before and after a release. */
final class StageStack {
    private static final String ENVIRONMENT = "stage";

    private final DockerClient docker;

    StageStack(DockerClient docker) {
        this.docker = docker;
    }

    /** The images of the stage replicas, by name. */
    List<String> replicaImages() {
        return List.of(1, 2, 3).stream()
                .map(n -> docker.inspectContainerCmd("shop-stage-app-" + n)
                        .exec()
                        .getConfig()
                        .getImage())
                .toList();
    }

    /** Every canary container of the stage environment, running or not. */
    List<String> canaries() {
        return docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(ContainerNames.LABEL_ENVIRONMENT, ENVIRONMENT))
                .exec()
                .stream()
                .map(container -> container.getNames()[0])
                .filter(name -> name.contains("canary"))
                .toList();
    }

    /** Every container of the stage stack (its one-offs aside): name, id, image and state, sorted. */
    List<String> stackNow() {
        return docker.listContainersCmd().withShowAll(true).exec().stream()
                .filter(container -> container.getNames()[0].startsWith("/shop-stage-"))
                // A one-off migration or hook container whose removal failed is reported, not a canary's doing.
                .filter(container -> !container.getNames()[0].matches(".*-(migrate|hook)-.*"))
                .map(StageStack::line)
                .sorted()
                .toList();
    }

    static String line(Container container) {
        return container.getNames()[0] + " " + container.getId() + " " + container.getImage() + " "
                + container.getState();
    }

    /** relman's upstream file of the app in the stage nginx, its generation line left out. */
    String upstream() {
        return E2eRuntime.output("docker", "exec", "shop-stage-lb", "cat", "/etc/nginx/relman/app.conf")
                .replaceAll("Generation \\S+", "Generation")
                .replaceAll("\"[^\"]*\\\\n\"", "\"\"");
    }
}
