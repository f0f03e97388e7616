package io.relman.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a container that has a replica's name is the replica the plan means, before relman stops or
 * renames it: it runs the service's image repository, and, when relman made it, relman's labels name the
 * plan's project, environment and service. A container that is something else is refused, not touched.
 */
public final class ReplicaIdentity {
    private ReplicaIdentity() {}

    /** Why {@code found} is not replica of {@code service} ({@code imageRepository}), or empty when it is. */
    public static Optional<String> problem(
            ReplicaState found, String project, String environment, String service, String imageRepository) {
        List<String> wrong = new ArrayList<>();
        if (found.imageRepositories().stream().noneMatch(repository -> sameRepository(repository, imageRepository))) {
            wrong.add("it runs " + found.image() + ", not an image of " + imageRepository);
        }
        if (found.relmanLabels().containsKey(ContainerNames.LABEL_PROJECT)) {
            String labelled = found.relmanLabels().get(ContainerNames.LABEL_PROJECT) + "/"
                    + found.relmanLabels().get(ContainerNames.LABEL_ENVIRONMENT) + "/"
                    + found.relmanLabels().get(ContainerNames.LABEL_SERVICE);
            if (!labelled.equals(project + "/" + environment + "/" + service)) {
                wrong.add("relman made it for " + labelled + " (project/environment/service), not " + project + "/"
                        + environment + "/" + service);
            }
        }
        return wrong.isEmpty()
                ? Optional.empty()
                : Optional.of(found.container() + " is not the replica of " + service + " that the plan means: "
                        + String.join("; ", wrong));
    }

    /** {@code docker.io/library/nginx} and {@code nginx} are one repository. */
    private static boolean sameRepository(String found, String wanted) {
        return normal(found).equals(normal(wanted));
    }

    private static String normal(String repository) {
        String name = repository.startsWith("docker.io/") ? repository.substring("docker.io/".length()) : repository;
        return name.startsWith("library/") ? name.substring("library/".length()) : name;
    }
}
