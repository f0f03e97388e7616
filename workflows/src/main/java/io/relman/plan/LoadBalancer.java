package io.relman.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The nginx container in front of the services that have a port. relman owns one directory in it,
 * {@code configDir}: each such service's upstream is its file there, {@code UPSTREAM.conf}, which the
 * nginx configuration includes ({@code include /etc/nginx/relman/*.conf;} inside {@code http {}}).
 *
 * @param port where nginx serves inside its container; the post-release validation requests it there
 * @param host the environment's host that runs the container, or null: the environment's {@code host}
 */
// Runs recorded before one file per service named a single upstream and file here.
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadBalancer(String container, String configDir, Integer port, String host) {
    public static final String DEFAULT_CONFIG_DIR = "/etc/nginx/relman";
    public static final int DEFAULT_PORT = 80;

    public LoadBalancer {
        configDir = configDir == null ? DEFAULT_CONFIG_DIR : configDir;
        port = port == null ? DEFAULT_PORT : port;
    }

    /** The file that holds {@code upstream}: {@code /etc/nginx/relman/api.conf}. */
    public String fileOf(String upstream) {
        return configDir + "/" + upstream + ".conf";
    }
}
