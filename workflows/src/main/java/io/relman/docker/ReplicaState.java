package io.relman.docker;

import java.util.List;
import java.util.Map;

/**
 * A container the plan names as a replica, as the engine has it, whoever made it (relman, docker compose,
 * a person): what the pre-flight checks, and what the stack is compared by before and after a release.
 *
 * @param exists false when no container has the name (then the other fields are empty)
 * @param imageId the id of the image it runs ({@code sha256:...})
 * @param image the image it was created from, as written ({@code acme/api:v1})
 * @param imageRepositories the repositories its image is known by ({@code acme/api}), for the check that
 *     it is the service's
 * @param version the release it runs: its relman label, else its image's tag, else {@code unknown}
 * @param relmanLabels relman's labels on it (project, environment, service), empty on a container
 *     relman did not make
 */
public record ReplicaState(
        String container,
        boolean exists,
        boolean running,
        String imageId,
        String image,
        List<String> imageRepositories,
        String version,
        Map<String, String> relmanLabels,
        boolean publishesHostPort)
        implements ReplicaFacts {
    public static final String UNKNOWN_VERSION = "unknown";

    public ReplicaState {
        imageRepositories = imageRepositories == null ? List.of() : List.copyOf(imageRepositories);
        relmanLabels = relmanLabels == null ? Map.of() : Map.copyOf(relmanLabels);
    }

    /** No container has the name. */
    public static ReplicaState absent(String container) {
        return new ReplicaState(container, false, false, null, null, List.of(), null, Map.of(), false);
    }

    /** The id of its image as the first 12 hex digits, for messages. */
    public String shortImageId() {
        return shortId(imageId);
    }

    /** {@code sha256:0123456789abcdef...} as {@code 0123456789ab}. */
    public static String shortId(String imageId) {
        if (imageId == null) {
            return "none";
        }
        String hex = imageId.startsWith("sha256:") ? imageId.substring(7) : imageId;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
