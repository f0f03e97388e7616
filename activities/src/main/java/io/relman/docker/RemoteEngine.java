package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.jcraft.jsch.ChannelDirectStreamLocal;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import io.relman.plan.Host;
import io.relman.ssh.SshConnection;
import io.relman.ssh.SshSessions;
import io.relman.ssh.UnixSocketBridge;
import io.relman.temporal.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SSH host's Docker engine: its own socket ({@code /var/run/docker.sock}) reached through the host's SSH
 * session, one direct-streamlocal@openssh.com channel per connection, served to docker-java on a private
 * Unix socket ({@link UnixSocketBridge}). No port opens on the worker's machine.
 */
final class RemoteEngine implements RemoteEngines.Bridged {
    private static final Logger log = LoggerFactory.getLogger(RemoteEngine.class);
    static final String REMOTE_SOCKET = "/var/run/docker.sock";
    private static final int CHANNEL_TIMEOUT_MILLIS = 10_000;

    private final SshConnection ssh;
    private final UnixSocketBridge bridge;
    private final DockerClient client;
    private final DockerClient streams;

    private RemoteEngine(SshConnection ssh, UnixSocketBridge bridge, DockerClient client, DockerClient streams) {
        this.ssh = ssh;
        this.bridge = bridge;
        this.client = client;
        this.streams = streams;
    }

    /** Connects to {@code host}'s engine; {@code responseTimeout}: the read limit of its calls but exec's. */
    static RemoteEngine open(SshSessions sessions, Host host, Duration responseTimeout) {
        SshConnection connection = sessions.connect(host);
        UnixSocketBridge bridge = null;
        DockerClient client = null;
        try {
            bridge = UnixSocketBridge.open(host.name(), () -> channel(connection.session()));
            client = DockerClients.at(bridge.dockerHost(), responseTimeout, true);
            DockerClient streams = DockerClients.at(bridge.dockerHost(), null, true);
            log.info("connected to the docker engine of {} over SSH", host.describe());
            return new RemoteEngine(connection, bridge, client, streams);
        } catch (IOException | RuntimeException noEngine) {
            closeQuietly(client);
            if (bridge != null) {
                bridge.close();
            }
            connection.close();
            throw FailureType.ENGINE_UNREACHABLE.failure(
                    "host " + host.describe() + " answers over SSH, but its Docker"
                            + " engine does not (" + noEngine.getMessage()
                            + "): check that dockerd runs there and that "
                            + host.user() + " may use " + REMOTE_SOCKET + " (the docker group)",
                    host.name());
        }
    }

    private static UnixSocketBridge.Link channel(Session session) throws IOException {
        try {
            ChannelDirectStreamLocal channel =
                    (ChannelDirectStreamLocal) session.openChannel("direct-streamlocal@openssh.com");
            channel.setSocketPath(REMOTE_SOCKET);
            InputStream in = channel.getInputStream();
            OutputStream out = channel.getOutputStream();
            channel.connect(CHANNEL_TIMEOUT_MILLIS);
            return new UnixSocketBridge.Link(in, out, channel::disconnect);
        } catch (JSchException refused) {
            throw new IOException("cannot open " + REMOTE_SOCKET + " over SSH: " + refused.getMessage(), refused);
        }
    }

    Session session() {
        return ssh.session();
    }

    DockerClient client() {
        return client;
    }

    /** The same engine, for exec's output: no read limit. */
    DockerClient streams() {
        return streams;
    }

    @Override
    public boolean connected() {
        return ssh.isConnected() && bridge.accepting();
    }

    @Override
    public UnixSocketBridge bridge() {
        return bridge;
    }

    @Override
    public void close() {
        closeQuietly(client);
        closeQuietly(streams);
        ssh.close();
        bridge.close();
    }

    private static void closeQuietly(DockerClient client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException | RuntimeException ignored) {
            // The session goes next, and with it every connection of the client.
        }
    }
}
