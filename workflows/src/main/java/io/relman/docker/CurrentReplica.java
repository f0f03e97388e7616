package io.relman.docker;

/**
 * A replica relman made, as found on the engine before a release by its labels (runs recorded before
 * replicas were found by the names the plan gives them: see {@link ReplicaState}).
 *
 * @param version the release it runs (its {@code relman.version} label)
 * @param running false when it exists but is stopped
 * @param publishesHostPort whether it binds a port of the host, which a second copy of it could not
 */
public record CurrentReplica(String container, String version, String image, boolean running, boolean publishesHostPort)
        implements ReplicaFacts {}
