package io.relman.stack;

import java.util.List;

/**
 * A container of a running compose project, as {@code relman init} needs it to write a plan.
 *
 * @param composeService the compose service it belongs to ({@code com.docker.compose.service})
 * @param image the image it was created from, as written ({@code acme/api:v1})
 * @param networks the networks it is attached to
 * @param exposedPorts the ports its configuration exposes
 * @param hasHealthcheck whether its image or configuration has a Docker HEALTHCHECK
 * @param postgresEnv for a PostgreSQL container, its POSTGRES_DB and POSTGRES_USER (else empty)
 * @param databaseUrls the PostgreSQL URLs in its environment ({@code DATABASE_URL=postgres://...}), without
 *     their passwords
 */
public record StackContainer(
        String name,
        String composeService,
        String image,
        boolean running,
        List<String> networks,
        List<Integer> exposedPorts,
        boolean hasHealthcheck,
        List<String> postgresEnv,
        List<DatabaseUrl> databaseUrls) {
    public StackContainer {
        networks = List.copyOf(networks);
        exposedPorts = List.copyOf(exposedPorts);
        postgresEnv = List.copyOf(postgresEnv);
        // A worker older than the field sends none.
        databaseUrls = databaseUrls == null ? List.of() : List.copyOf(databaseUrls);
    }
}
