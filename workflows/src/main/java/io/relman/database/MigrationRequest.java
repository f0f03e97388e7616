package io.relman.database;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;
import java.util.Map;

/**
 * @param container name of the one-off container, the run's own; an earlier attempt's container of this
 *     name is adopted instead of starting the command a second time
 * @param secretEnv container variable to the worker's environment variable holding its value
 * @param host the machine whose docker engine this acts on
 */
public record MigrationRequest(
        Host host,
        String container,
        String image,
        String network,
        List<String> command,
        Map<String, String> env,
        Map<String, String> secretEnv,
        Map<String, String> labels)
        implements OnHost {
    public MigrationRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        labels = Map.copyOf(labels);
    }
}
