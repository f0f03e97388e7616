package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import io.relman.plan.Host;
import io.relman.ssh.SshConnection;
import io.relman.ssh.SshSessions;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The docker engines a worker releases to: its own machine's, and each SSH host's. A remote engine is
 * its host's own socket ({@code /var/run/docker.sock}) reached through the SSH session
 * (direct-streamlocal@openssh.com), forwarded to a port on the worker's loopback for docker-java; so
 * every activity speaks the same Docker API to every host, with no docker CLI and no shell on the
 * host. One session per host (through its bastion's, if it has one), shared by the worker's activities,
 * closed after ten idle minutes.
 */
public final class DockerEngines implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DockerEngines.class);
    static final String REMOTE_SOCKET = "/var/run/docker.sock";
    // Longer than any one Docker call of an activity (a call outlasting it is cut, then retried).
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final DockerClient local;
    private final SshSessions ssh;
    private final String probeImage;
    private final Map<Host, RemoteEngine> remote = new HashMap<>();
    private final ScheduledExecutorService idleSweep = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "relman-ssh-idle");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code probeImage}: relman's probe, on every engine (docker/probe; {@link ProbeSidecars}). */
    public DockerEngines(DockerClient local, SshSessions ssh, String probeImage) {
        this.local = local;
        this.ssh = ssh;
        this.probeImage = probeImage;
        idleSweep.scheduleWithFixedDelay(this::closeIdle, 30, 30, TimeUnit.SECONDS);
    }

    /** The engine of {@code host}; null means the worker's own (runs recorded before hosts existed). */
    public DockerClient of(Host host) {
        if (host != null && host.worker() != null) {
            requireOwnQueue(host);
        }
        return host == null || host.local() ? local : engine(host).client();
    }

    /**
     * Whether this worker reaches {@code host}'s engine: every host but one with a worker of its own, which
     * only that worker reaches (a probe from nginx on another host cannot also inspect the replica there).
     */
    public boolean reaches(Host host) {
        return host == null
                || host.worker() == null
                || host.worker().equals(Activity.getExecutionContext().getInfo().getActivityTaskQueue());
    }

    /**
     * A host with a worker of its own is this worker's own engine only on that worker: anywhere else the
     * call would act on the wrong machine, so it fails instead (HostRouting sends it there).
     */
    private void requireOwnQueue(Host host) {
        if (!reaches(host)) {
            String queue = Activity.getExecutionContext().getInfo().getActivityTaskQueue();
            throw FailureType.PLAN_ERROR.failure("host " + host.describe() + " has a worker of its own, but this"
                    + " activity reached the worker of task queue " + queue + ": start the workers with"
                    + " io.relman.temporal.HostRouting (relman's worker does). Nothing was changed on " + host.name());
        }
    }

    /** The engine of {@code host} with the tools the activities use on it. */
    public Engine on(Host host) {
        return new Engine(of(host), probeImage);
    }

    /** One engine, and relman's ways of working with it. */
    public record Engine(DockerClient docker, String probeImage) {
        public DockerExec exec() {
            return new DockerExec(docker);
        }

        public Containers containers() {
            return new Containers(docker);
        }

        public ProbeSidecars sidecars() {
            return new ProbeSidecars(docker, probeImage);
        }
    }

    /** Free bytes under {@code path} on {@code host} (SFTP statvfs: no command runs there). */
    public long freeBytes(Host host, String path) {
        Session session = engine(host).session();
        ChannelSftp sftp = null;
        try {
            sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect((int) Duration.ofSeconds(10).toMillis());
            return sftp.statVFS(path).getAvailForNonRoot() * 1024;
        } catch (JSchException | SftpException failed) {
            throw FailureType.HOST_UNREACHABLE.failure("cannot read the free space under " + path + " on host "
                    + host.describe() + " over SFTP (" + failed.getMessage() + ")");
        } finally {
            if (sftp != null) {
                sftp.disconnect();
            }
        }
    }

    private synchronized RemoteEngine engine(Host host) {
        RemoteEngine engine = remote.get(host);
        if (engine != null && engine.ssh.isConnected()) {
            engine.touch();
            return engine;
        }
        if (engine != null) {
            log.info("the SSH session to {} was lost; connecting again", host.describe());
            engine.close();
            remote.remove(host);
        }
        SshConnection connection = ssh.connect(host);
        try {
            int port = connection.session().setSocketForwardingL("127.0.0.1", 0, REMOTE_SOCKET, null, 10_000);
            DockerClient client = DockerClients.at("tcp://127.0.0.1:" + port);
            engine = new RemoteEngine(connection, client);
            remote.put(host, engine);
            log.info("connected to the docker engine of {} over SSH", host.describe());
            return engine;
        } catch (JSchException | RuntimeException noEngine) {
            connection.close();
            throw FailureType.ENGINE_UNREACHABLE.failure(
                    "host " + host.describe() + " answers over SSH, but its Docker"
                            + " engine does not (" + noEngine.getMessage()
                            + "): check that dockerd runs there and that "
                            + host.user() + " may use " + REMOTE_SOCKET + " (the docker group)",
                    host.name());
        }
    }

    private synchronized void closeIdle() {
        long now = System.nanoTime();
        remote.values().removeIf(engine -> {
            boolean idle = now - engine.lastUsed() > IDLE.toNanos();
            if (idle) {
                engine.close();
            }
            return idle;
        });
    }

    @Override
    public synchronized void close() throws IOException {
        idleSweep.shutdownNow();
        remote.values().forEach(RemoteEngine::close);
        remote.clear();
        local.close();
    }

    private static final class RemoteEngine {
        private final SshConnection ssh;
        private final DockerClient client;
        private volatile long lastUsed = System.nanoTime();

        RemoteEngine(SshConnection ssh, DockerClient client) {
            this.ssh = ssh;
            this.client = client;
        }

        Session session() {
            touch();
            return ssh.session();
        }

        DockerClient client() {
            return client;
        }

        long lastUsed() {
            return lastUsed;
        }

        void touch() {
            lastUsed = System.nanoTime();
        }

        void close() {
            try {
                client.close();
            } catch (IOException ignored) {
                // The session goes next, and with it every connection of the client.
            }
            ssh.close();
        }
    }
}
