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

/** The one way relman makes a DockerClient: an engine's address (DOCKER_HOST by default), zerodep transport. */
public final class DockerClients {
    private DockerClients() {}

    /**
     * A client that speaks the engine's own API version. docker-java does not negotiate, and an
     * engine refuses a newer version than it knows (Debian's 20.10 stops at 1.41), so ask first.
     */
    public static DockerClient fromEnvironment() {
        return at(null);
    }

    /** A client of the engine at {@code dockerHost} ({@code tcp://127.0.0.1:PORT}), or DOCKER_HOST's when null. */
    public static DockerClient at(String dockerHost) {
        String apiVersion;
        try (DockerClient unversioned = client(config(dockerHost, RemoteApiVersion.UNKNOWN_VERSION.getVersion()))) {
            apiVersion = unversioned.versionCmd().exec().getApiVersion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return client(config(dockerHost, apiVersion));
    }

    private static DockerClientConfig config(String dockerHost, String apiVersion) {
        DefaultDockerClientConfig.Builder config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().withApiVersion(apiVersion);
        return dockerHost == null
                ? config.build()
                : config.withDockerHost(dockerHost).withDockerTlsVerify(false).build();
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
