package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.core.RemoteApiVersion;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The one way relman makes a DockerClient: an engine's address (DOCKER_HOST by default), zerodep transport. */
public final class DockerClients {
    /**
     * How long a call may wait for the engine to say something: longer than any one build or wait of an
     * activity, which bound those with their own timeouts. An exec's output has no such limit
     * ({@code at(host, null, ..)}): a silent pg_dump -Fd would cross it. docker-java's transport applies it
     * on TCP only: on a Unix socket (the worker's engine, and each SSH host's through its bridge) a call has
     * no read limit, and one to a host that went away ends when the SSH session's keepalive gives up.
     */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofMinutes(30);

    private DockerClients() {}

    /**
     * A client that speaks the engine's own API version. docker-java does not negotiate, and an
     * engine refuses a newer version than it knows (Debian's 20.10 stops at 1.41), so ask first.
     */
    public static DockerClient fromEnvironment() {
        return at(null);
    }

    /** A client of the engine at {@code dockerHost}, or DOCKER_HOST's when null, with the default read limit. */
    public static DockerClient at(String dockerHost) {
        return at(dockerHost, RESPONSE_TIMEOUT, false);
    }

    /**
     * A client of the engine at {@code dockerHost} (or DOCKER_HOST's when null) that gives up on an answer
     * silent for {@code responseTimeout}; null: never (for an exec's output, silent while pg_dump writes its
     * files; the caller bounds it). {@code connectionPerCall}: each call on a connection of its own, closed
     * when it ends (a bridged engine is then in use exactly while a connection is open).
     */
    public static DockerClient at(String dockerHost, Duration responseTimeout, boolean connectionPerCall) {
        String apiVersion;
        try (DockerClient unversioned = client(
                config(dockerHost, RemoteApiVersion.UNKNOWN_VERSION.getVersion()),
                RESPONSE_TIMEOUT,
                connectionPerCall)) {
            apiVersion = unversioned.versionCmd().exec().getApiVersion();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return client(config(dockerHost, apiVersion), responseTimeout, connectionPerCall);
    }

    private static DockerClientConfig config(String dockerHost, String apiVersion) {
        DefaultDockerClientConfig.Builder config =
                DefaultDockerClientConfig.createDefaultConfigBuilder().withApiVersion(apiVersion);
        return dockerHost == null
                ? config.build()
                : config.withDockerHost(dockerHost).withDockerTlsVerify(false).build();
    }

    private static DockerClient client(DockerClientConfig config, Duration responseTimeout, boolean perCall) {
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(Duration.ofSeconds(5));
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        DockerHttpClient transport = http.build();
        return DockerClientImpl.getInstance(config, perCall ? new ConnectionPerCall(transport) : transport);
    }

    /** Asks the engine to close each connection after its answer, so no idle connection stays pooled. */
    private record ConnectionPerCall(DockerHttpClient http) implements DockerHttpClient {
        @Override
        public Response execute(Request request) {
            if (request.hijackedInput() != null) {
                return http.execute(request); // an attached exec: never reused anyway
            }
            Map<String, String> headers = new HashMap<>(request.headers());
            headers.put("Connection", "close");
            return http.execute(Request.builder().from(request).headers(headers).build());
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }
}
