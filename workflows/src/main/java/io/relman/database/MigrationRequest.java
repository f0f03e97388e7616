package io.relman.database;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * @param container name of the one-off container, the run's own; an earlier attempt's container of this
 *     name is adopted instead of starting the command a second time
 * @param network the network of a container made from the plan alone; one made like a replica is on
 *     that replica's networks
 * @param secretEnv container variable to the worker's environment variable holding its value
 * @param madeLike the running replica of the service whose configuration the container is made like (its
 *     environment, networks, user, working directory and labels; not its ports), with {@code env} and
 *     {@code secretEnv} on top; null when none runs (a first deploy): then it is made from the plan alone
 * @param host the machine whose docker engine this acts on
 * @param hook the plan's hook this runs ({@code after_rollout hook clear-cache}), or null for the migration
 * @param deadline how long the command may run from its container's start, or null (a migration: the activity's
 *     timeout bounds it); past it, the container is removed and the run fails
 */
public record MigrationRequest(
        Host host,
        String container,
        String image,
        String network,
        List<String> command,
        Map<String, String> env,
        Map<String, String> secretEnv,
        Map<String, String> labels,
        String madeLike,
        String hook,
        Duration deadline)
        implements OnHost {
    public MigrationRequest {
        command = List.copyOf(command);
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        labels = Map.copyOf(labels);
    }

    /** What the command is, as its failure says it. */
    public String what() {
        return hook == null ? "migration" : hook;
    }

    /** Where the container's configuration comes from, as the progress and the activity's summary say it. */
    public static String origin(String madeLike) {
        return madeLike == null
                ? "(from the plan alone: no replica runs)"
                : "(in a container made like " + madeLike + ")";
    }
}
