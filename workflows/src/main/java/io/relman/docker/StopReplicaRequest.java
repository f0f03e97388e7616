package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;

/**
 * @param releaseStep id of the release step replacing this replica; a container carrying it is
 *     already the replacement and is left alone
 * @param host the machine whose docker engine this acts on
 */
public record StopReplicaRequest(Host host, String container, String releaseStep, Duration gracePeriod)
        implements OnHost {}
