package io.relman.docker;

/**
 * A replica relman manages, as found on the engine before a release.
 *
 * @param version the release it runs (its {@code relman.version} label)
 * @param running false when it exists but is stopped
 * @param publishesHostPort whether it binds a port of the host, which a second copy of it could not
 */
public record CurrentReplica(
        String container, String version, String image, boolean running, boolean publishesHostPort) {}
