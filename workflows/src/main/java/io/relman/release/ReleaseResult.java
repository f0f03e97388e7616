package io.relman.release;

import java.util.List;
import java.util.Map;

/**
 * What a release run that succeeded did.
 *
 * @param images service name to the image id now running
 * @param replicas every replica replaced, in order
 */
public record ReleaseResult(
        String environment,
        String version,
        Map<String, String> images,
        List<ReplacedReplica> replicas,
        long elapsedMillis) {
    public ReleaseResult {
        images = Map.copyOf(images);
        replicas = List.copyOf(replicas);
    }
}
