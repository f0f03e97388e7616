package io.relman.nginx;

import com.github.dockerjava.api.DockerClient;
import io.relman.docker.DockerExec;
import io.relman.support.Pause;
import io.relman.temporal.FailureType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class LoadBalancerActivitiesImpl implements LoadBalancerActivities {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancerActivitiesImpl.class);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(10);
    /** How long nginx may take to start its new workers after a reload. */
    private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(10);

    private final DockerClient docker;
    private final DockerExec exec;

    public LoadBalancerActivitiesImpl(DockerClient docker) {
        this.docker = docker;
        this.exec = new DockerExec(docker);
    }

    @Override
    public void applyUpstream(UpstreamUpdate update) {
        String text = NginxUpstream.render(update.upstream(), update.servers(), update.generation());
        DockerExec.Result previous = exec.run(update.container(), List.of("cat", update.configFile()), EXEC_TIMEOUT);
        write(update.container(), update.configFile(), text);
        DockerExec.Result test = exec.run(update.container(), List.of("nginx", "-t", "-q"), EXEC_TIMEOUT);
        if (!test.succeeded()) {
            if (previous.succeeded()) {
                write(update.container(), update.configFile(), previous.stdout());
            }
            throw FailureType.LOAD_BALANCER_REJECTED.failure(
                    "nginx in " + update.container() + " refused the new upstream (" + test.message()
                            + "); the previous" + " configuration was put back. Check load_balancer in the plan");
        }
        DockerExec.Result reload = exec.run(update.container(), List.of("nginx", "-s", "reload"), EXEC_TIMEOUT);
        if (!reload.succeeded()) {
            throw new IllegalStateException(
                    "nginx -s reload in " + update.container() + " failed: " + reload.message());
        }
        awaitGeneration(update);
        log.info(
                "{}: upstream {} now {} (generation {})",
                update.container(),
                update.upstream(),
                update.servers(),
                update.generation());
    }

    /** nginx reloads asynchronously: wait until a fresh connection is answered by the new configuration. */
    private void awaitGeneration(UpstreamUpdate update) {
        List<String> probe = List.of(
                "curl",
                "--silent",
                "--max-time",
                "1",
                "http://127.0.0.1:" + NginxUpstream.MARKER_PORT + NginxUpstream.MARKER_PATH);
        long deadline = System.nanoTime() + RELOAD_DEADLINE.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = exec.run(update.container(), probe, EXEC_TIMEOUT).stdout().strip();
            if (seen.equals(update.generation())) {
                return;
            }
            Pause.of(Duration.ofMillis(100));
        }
        throw new IllegalStateException("nginx in " + update.container() + " still serves generation '" + seen + "' "
                + RELOAD_DEADLINE.toSeconds() + " s after reloading to " + update.generation());
    }

    private void write(String container, String file, String text) {
        Path path = Path.of(file);
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry entry = new TarArchiveEntry(path.getFileName().toString());
            entry.setSize(content.length);
            entry.setMode(0644);
            out.putArchiveEntry(entry);
            out.write(content);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        docker.copyArchiveToContainerCmd(container)
                .withRemotePath(path.getParent().toString())
                .withTarInputStream(new ByteArrayInputStream(tar.toByteArray()))
                .exec();
    }
}
