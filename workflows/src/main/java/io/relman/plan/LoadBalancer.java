package io.relman.plan;

/**
 * The nginx container in front of the replicas. relman owns one file in it, {@code configFile},
 * which holds the upstream block named {@code upstream}.
 */
public record LoadBalancer(String container, String upstream, String configFile) {
    public static final String DEFAULT_UPSTREAM = "app";
    public static final String DEFAULT_CONFIG_FILE = "/etc/nginx/relman/upstream.conf";
    /** Where nginx serves inside its container; the post-release validation requests it there. */
    public static final int LISTEN_PORT = 80;

    public LoadBalancer {
        upstream = upstream == null ? DEFAULT_UPSTREAM : upstream;
        configFile = configFile == null ? DEFAULT_CONFIG_FILE : configFile;
    }
}
