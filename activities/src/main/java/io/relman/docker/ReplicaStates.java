package io.relman.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A container as {@link ReplicaState}, worked out from what docker inspect says of it and of its image. */
final class ReplicaStates {
    private ReplicaStates() {}

    /**
     * @param repoTags the tags of the container's image ({@code acme/api:v1}), as its image inspection has
     *     them; empty when the image is gone
     */
    static ReplicaState of(String name, InspectContainerResponse container, List<String> repoTags) {
        String image = container.getConfig().getImage();
        Map<String, String> labels = Containers.labelsOf(container);
        Set<String> repositories = new LinkedHashSet<>();
        repositoryOf(image).ifPresent(repositories::add);
        repoTags.forEach(tag -> repositoryOf(tag).ifPresent(repositories::add));
        Map<String, String> relman = new TreeMap<>();
        for (String label :
                List.of(ContainerNames.LABEL_PROJECT, ContainerNames.LABEL_ENVIRONMENT, ContainerNames.LABEL_SERVICE)) {
            if (labels.containsKey(label)) {
                relman.put(label, labels.get(label));
            }
        }
        return new ReplicaState(
                name,
                true,
                Containers.running(container),
                container.getImageId(),
                image,
                List.copyOf(repositories),
                version(labels, image, repoTags),
                relman,
                Containers.publishesHostPort(container));
    }

    /**
     * The release a container runs: relman's label when relman made it, else its image's tag (as it was
     * created from, else as the image is tagged), else {@code unknown}.
     */
    static String version(Map<String, String> labels, String image, List<String> repoTags) {
        if (labels.containsKey(ContainerNames.LABEL_VERSION)) {
            return labels.get(ContainerNames.LABEL_VERSION);
        }
        return tagOf(image)
                .or(() -> repoTags.stream().flatMap(tag -> tagOf(tag).stream()).findFirst())
                .orElse(ReplicaState.UNKNOWN_VERSION);
    }

    /** {@code registry:5000/acme/api:v1} is repository {@code registry:5000/acme/api}; an image id has none. */
    static Optional<String> repositoryOf(String reference) {
        if (reference == null || reference.startsWith("sha256:")) {
            return Optional.empty();
        }
        String withoutDigest = reference.split("@")[0];
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return Optional.of(colon > slash ? withoutDigest.substring(0, colon) : withoutDigest);
    }

    private static Optional<String> tagOf(String reference) {
        if (reference == null || reference.startsWith("sha256:") || reference.contains("@")) {
            return Optional.empty();
        }
        int slash = reference.lastIndexOf('/');
        int colon = reference.lastIndexOf(':');
        return colon > slash ? Optional.of(reference.substring(colon + 1)) : Optional.empty();
    }
}
