package io.relman.nginx;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.util.List;

/**
 * The canaries' requests in nginx's upstream log {@code log}, in load balancer {@code container} on
 * {@code host}, from byte {@code fromOffset} on: the canaries' addresses are those of {@code canaries} (their
 * containers on {@code canaryHost}) at {@code port}.
 */
public record CanaryTrafficQuery(
        Host host, String container, String log, long fromOffset, Host canaryHost, List<String> canaries, int port)
        implements OnHost {
    public CanaryTrafficQuery {
        canaries = List.copyOf(canaries);
    }
}
