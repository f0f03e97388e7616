package io.relman.docker;

import io.relman.plan.Host;
import io.relman.plan.OnHost;
import java.time.Duration;

/**
 * Undo one replica's replacement: remove what {@code releaseStep} created and start the kept old
 * container again under its own name.
 *
 * @param hadOldReplica whether a replica ran under this name before the release; when false there is
 *     nothing to put back, and undoing means removing the new one
 * @param gracePeriod for stopping the new container (it is out of the load balancer already)
 * @param host the machine whose docker engine this acts on
 */
public record RestoreReplicaRequest(
        Host host, String container, String releaseStep, boolean hadOldReplica, Duration gracePeriod)
        implements OnHost {}
