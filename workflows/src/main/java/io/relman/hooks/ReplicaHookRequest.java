package io.relman.hooks;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;
import java.util.List;

/**
 * A hook to run in a replica.
 *
 * @param host the machine whose engine runs the replica
 * @param container the replica
 * @param hook how the plan names it, e.g. {@code before_traffic hook warm-cache}
 * @param command its argv
 * @param deadline how long it may run
 */
public record ReplicaHookRequest(Host host, String container, String hook, List<String> command, Duration deadline)
        implements OnHost {
    public ReplicaHookRequest {
        command = List.copyOf(command);
    }
}
