package io.relman.docker;

import java.time.Duration;

/**
 * @param releaseStep id of the release step replacing this replica; a container carrying it is
 *     already the replacement and is left alone
 */
public record StopReplicaRequest(String container, String releaseStep, Duration gracePeriod) {}
