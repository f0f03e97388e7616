package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/** The one way relman makes a DockerClient: DOCKER_HOST (or the local socket), zerodep transport. */
public final class DockerClients {
    private DockerClients() {}

    /**
     * A client that speaks the engine's own API version. docker-java does not negotiate, and an
     * engine refuses a newer version than it knows (Debian's 20.10 stops at 1.41), so ask first.
     */
    public static DockerClient fromEnvironment() {
        String apiVersion;
        try (DockerClient unversioned = client(config(RemoteApiVersion.UNKNOWN_VERSION.getVersion()))) {
            apiVersion = unversioned.versionCmd().exec().getApiVersion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return client(config(apiVersion));
    }

    private static DockerClientConfig config(String apiVersion) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withApiVersion(apiVersion)
                .build();
    }

    private static DockerClient client(DockerClientConfig config) {
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5))
                // Builds and waits stream for minutes; activities bound them with their own timeouts.
                .responseTimeout(Duration.ofMinutes(30))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }
}
