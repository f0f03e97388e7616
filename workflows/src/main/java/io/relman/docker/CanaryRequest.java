package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.Map;

/**
 * A canary to start: container {@code container} of {@code image}, made like the running replica
 * {@code madeLike} (its configuration, {@code env} on top), labelled {@code labels}.
 *
 * @param secretEnv container variable to the worker's environment variable holding its value
 * @param releaseStep the step that makes it: a retried start finds the canary it made
 */
public record CanaryRequest(
        Host host,
        String container,
        String madeLike,
        String image,
        String releaseStep,
        Map<String, String> env,
        Map<String, String> secretEnv,
        Map<String, String> labels)
        implements OnHost {
    public CanaryRequest {
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        labels = Map.copyOf(labels);
    }
}
