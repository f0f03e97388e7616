package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpException;
import io.relman.plan.Host;
import io.relman.ssh.SshSessions;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import java.io.IOException;
import java.time.Duration;

/**
 * The docker engines a worker releases to: its own machine's, and each SSH host's. A remote engine is
 * its host's own socket ({@code /var/run/docker.sock}) reached through the SSH session
 * (direct-streamlocal@openssh.com), served to docker-java on a Unix socket only the worker's user can
 * open ({@link RemoteEngine}); so every activity speaks the same Docker API to every host, with no docker
 * CLI, no shell on the host and no port open on the worker's machine. One session per host (through its
 * bastion's, if it has one), shared by the worker's activities, closed after {@code idle} unused
 * ({@link RemoteEngines}: an exec that runs for hours keeps it).
 */
public final class DockerEngines implements AutoCloseable {
    /** How long an unused remote engine stays connected. */
    public static final Duration IDLE = Duration.ofMinutes(10);

    private final DockerClient local;
    private final DockerClient localStreams;
    private final String probeImage;
    private final RemoteEngines<RemoteEngine> remote;

    /** {@code probeImage}: relman's probe, on every engine (docker/probe; {@link ProbeSidecars}). */
    public DockerEngines(DockerClient local, SshSessions ssh, String probeImage) {
        this(local, DockerClients.at(null, null, false), ssh, probeImage, IDLE, DockerClients.RESPONSE_TIMEOUT);
    }

    /**
     * {@code localStreams}: the worker's engine again, without a read limit (an exec's output);
     * {@code idle}: how long an unused remote engine stays connected; {@code responseTimeout}: how long a
     * remote call but an exec's output may wait for an answer.
     */
    public DockerEngines(
            DockerClient local,
            DockerClient localStreams,
            SshSessions ssh,
            String probeImage,
            Duration idle,
            Duration responseTimeout) {
        this.local = local;
        this.localStreams = localStreams;
        this.probeImage = probeImage;
        this.remote = new RemoteEngines<>(host -> RemoteEngine.open(ssh, host, responseTimeout), idle);
    }

    /** The engine of {@code host}; null means the worker's own (runs recorded before hosts existed). */
    public DockerClient of(Host host) {
        if (host != null && host.worker() != null) {
            requireOwnQueue(host);
        }
        return host == null || host.local() ? local : remote.get(host).client();
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
        if (host != null && host.worker() != null) {
            requireOwnQueue(host);
        }
        if (host == null || host.local()) {
            return new Engine(local, localStreams, probeImage);
        }
        // Both clients from one hand-out: a reconnect between two would pair a closed engine with a new one.
        RemoteEngine engine = remote.get(host);
        return new Engine(engine.client(), engine.streams(), probeImage);
    }

    /** One engine, and relman's ways of working with it; {@code streams}: the same engine, no read limit. */
    public record Engine(DockerClient docker, DockerClient streams, String probeImage) {
        public DockerExec exec() {
            return new DockerExec(docker, streams);
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
        Session session = remote.get(host).session();
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

    @Override
    public void close() throws IOException {
        remote.close();
        local.close();
        localStreams.close();
    }
}
