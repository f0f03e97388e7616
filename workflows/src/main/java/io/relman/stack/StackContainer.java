package io.relman.stack;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A container of a running compose project, as {@code relman init} needs it to write a plan.
 *
 * @param composeService the compose service it belongs to ({@code com.docker.compose.service})
 * @param image the image it was created from, as written ({@code acme/api:v1})
 * @param networks the networks it is attached to
 * @param exposedPorts the ports its configuration exposes
 * @param hasHealthcheck whether its image or configuration has a Docker HEALTHCHECK
 * @param databaseEnv the settings of a database container's image: POSTGRES_DB/POSTGRES_USER,
 *     MARIADB_DATABASE/MARIADB_USER, MYSQL_DATABASE/MYSQL_USER as {@code KEY=value}, never a password; else empty
 * @param databaseUrls the database addresses in its environment ({@code DATABASE_URL=postgres://...},
 *     {@code mysql://...}, Laravel's {@code DB_*}), without their passwords
 * @param command its entrypoint and command, as the engine runs them: one image run with three commands (a web
 *     app, its scheduler, its queue worker) is three services
 */
// A newer worker may send fields this CLI does not know yet: they are left out, not an error.
@JsonIgnoreProperties(ignoreUnknown = true)
public record StackContainer(
        String name,
        String composeService,
        String image,
        boolean running,
        List<String> networks,
        List<Integer> exposedPorts,
        boolean hasHealthcheck,
        // A worker from before MariaDB and MySQL sends the same settings, POSTGRES_* only, under the old name.
        @JsonAlias("postgresEnv") List<String> databaseEnv,
        List<DatabaseUrl> databaseUrls,
        List<String> command) {
    public StackContainer {
        networks = List.copyOf(networks);
        exposedPorts = List.copyOf(exposedPorts);
        databaseEnv = databaseEnv == null ? List.of() : List.copyOf(databaseEnv);
        // A worker older than the field sends none.
        databaseUrls = databaseUrls == null ? List.of() : List.copyOf(databaseUrls);
        command = command == null ? List.of() : List.copyOf(command);
    }
}
