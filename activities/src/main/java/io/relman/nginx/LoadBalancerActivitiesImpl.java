package io.relman.nginx;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.relman.docker.DockerEngines;
import io.relman.docker.DockerEngines.Engine;
import io.relman.docker.DockerExec;
import io.relman.support.Pause;
import io.relman.temporal.FailureType;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes relman's upstream file into the nginx container and reloads nginx, needing nothing inside the
 * container but nginx itself: files go through the Docker API, the checks run in relman's probe sidecar.
 */
public class LoadBalancerActivitiesImpl implements LoadBalancerActivities {
    private static final Logger log = LoggerFactory.getLogger(LoadBalancerActivitiesImpl.class);
    private static final Duration EXEC_TIMEOUT = Duration.ofSeconds(10);
    /** How long nginx may take to start its new workers after a reload. */
    private static final Duration RELOAD_DEADLINE = Duration.ofSeconds(10);

    private final DockerEngines engines;

    public LoadBalancerActivitiesImpl(DockerEngines engines) {
        this.engines = engines;
    }

    @Override
    public void applyUpstream(UpstreamUpdate update) {
        String text = NginxUpstream.render(update.upstream(), update.servers(), update.weights(), update.generation());
        Engine engine = engines.on(update.host());
        DockerClient docker = engine.docker();
        Map<String, String> processes = processes(docker, update.container());
        List<String> master = masterOptions(docker, processes, update.container());
        UpstreamFileWrite.apply(
                files(engine, update.container(), master), heartbeats(), update.container(), update.configFile(), text);
        reload(engine, update.container(), processes, master);
        awaitGeneration(engine, update);
        awaitRetired(docker, update.container(), NginxMaster.acceptingWorkers(processes));
        log.info(
                "{}: upstream {} now {}{} (generation {})",
                update.container(),
                update.upstream(),
                update.servers(),
                update.weights().isEmpty() ? "" : " weighted " + update.weights(),
                update.generation());
    }

    @Override
    public void requireOwnUpstreams(UpstreamOwnership check) {
        String container = check.loadBalancer().container();
        Engine engine = engines.on(check.host());
        List<String> master = masterOptions(engine.docker(), processes(engine.docker(), container), container);
        DockerExec.Result printed = engine.exec().run(container, NginxMaster.dumpCommand(master), EXEC_TIMEOUT);
        if (!printed.succeeded()) {
            throw FailureType.PREFLIGHT_FAILED.failure(
                    check.brokenNow(printed.message(), NginxMaster.testCommand(master)));
        }
        Optional<String> refusal = check.refusal(printed.stdout());
        if (refusal.isPresent()) {
            throw FailureType.PREFLIGHT_FAILED.failure(refusal.get());
        }
    }

    /** The upstream file's container, through the Docker API; its test, with the master's own options. */
    private static UpstreamFileWrite.NginxFiles files(Engine engine, String container, List<String> master) {
        DockerClient docker = engine.docker();
        return new UpstreamFileWrite.NginxFiles() {
            @Override
            public Optional<String> read(String file) {
                return LoadBalancerActivitiesImpl.read(docker, container, file);
            }

            @Override
            public void write(String file, String text) {
                LoadBalancerActivitiesImpl.write(docker, container, file, text);
            }

            @Override
            public boolean remove(String file) {
                try {
                    return engine.exec()
                            .run(container, List.of("rm", "-f", file), EXEC_TIMEOUT)
                            .succeeded();
                } catch (RuntimeException noRm) {
                    // An image without rm (a distroless nginx): the caller empties the file instead.
                    log.warn("cannot remove {} in {}: {}", file, container, noRm.getMessage());
                    return false;
                }
            }

            @Override
            public Optional<String> test() {
                DockerExec.Result test = engine.exec().run(container, NginxMaster.testCommand(master), EXEC_TIMEOUT);
                return test.succeeded() ? Optional.empty() : Optional.of(test.message());
            }
        };
    }

    /** What was there before the first attempt, kept in this activity's heartbeat details across attempts. */
    private static UpstreamFileWrite.Attempts heartbeats() {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        return new UpstreamFileWrite.Attempts() {
            @Override
            public Optional<UpstreamFileWrite.Before> recalled() {
                return activity.getHeartbeatDetails(UpstreamFileWrite.Before.class);
            }

            @Override
            public void remember(UpstreamFileWrite.Before before) {
                activity.heartbeat(before);
            }
        };
    }

    @Override
    public List<UpstreamFile> read(UpstreamFilesQuery query) {
        DockerClient docker = engines.on(query.host()).docker();
        return query.files().stream()
                .map(file -> new UpstreamFile(
                        file, read(docker, query.container(), file).orElse(null)))
                .toList();
    }

    /** The container's processes: each one's command line by its process id (as the engine's host sees it). */
    private static Map<String, String> processes(DockerClient docker, String container) {
        TopContainerResponse top = docker.topContainerCmd(container).exec();
        List<String> titles = List.of(top.getTitles());
        int pid = titles.indexOf("PID");
        int command = titles.indexOf("CMD");
        Map<String, String> processes = new LinkedHashMap<>();
        for (String[] process : top.getProcesses()) {
            processes.put(process[pid < 0 ? 1 : pid], process[command < 0 ? process.length - 1 : command]);
        }
        return processes;
    }

    /**
     * The options the container's nginx master runs with; refused when no nginx master runs there. An nginx in a
     * container that has just (re)started may not have titled its master yet: that fails retryably, and the
     * next attempt finds its master.
     */
    private static List<String> masterOptions(DockerClient docker, Map<String, String> processes, String container) {
        List<String> commands = List.copyOf(processes.values());
        if (NginxMaster.options(commands).isEmpty()
                && NginxMaster.starting(commands, startedAt(docker, container), Instant.now())) {
            throw new IllegalStateException(
                    "nginx in " + container + " has just started (its processes: " + commands + "); trying again");
        }
        return NginxMaster.options(commands)
                .orElseThrow(() -> FailureType.LOAD_BALANCER_REJECTED.failure(
                        "no nginx master process runs in " + container + " (its processes: " + commands + "); name the"
                                + " nginx container in load_balancer.container of the plan"));
    }

    /** When the container last started, as its engine says. */
    private static Instant startedAt(DockerClient docker, String container) {
        return Instant.parse(
                docker.inspectContainerCmd(container).exec().getState().getStartedAt());
    }

    /**
     * Makes the master load its configuration again. When the master is the container's first process, a
     * SIGHUP through the engine does it without starting a process in the container (an exec of {@code nginx
     * -s reload} costs about 90 ms more); a master under a wrapper gets the exec, which finds it by its pid file.
     */
    private static void reload(Engine engine, String container, Map<String, String> processes, List<String> master) {
        DockerClient docker = engine.docker();
        Long firstProcess =
                docker.inspectContainerCmd(container).exec().getState().getPidLong();
        Optional<String> masterPid = NginxMaster.pid(processes);
        if (firstProcess != null && masterPid.equals(Optional.of(String.valueOf(firstProcess)))) {
            docker.killContainerCmd(container).withSignal("HUP").exec();
            return;
        }
        DockerExec.Result reload = engine.exec().run(container, NginxMaster.reloadCommand(master), EXEC_TIMEOUT);
        if (!reload.succeeded()) {
            throw new IllegalStateException("nginx -s reload in " + container + " failed: " + reload.message());
        }
    }

    /** nginx reloads asynchronously: wait until a fresh connection is answered by the new configuration. */
    private static void awaitGeneration(Engine engine, UpstreamUpdate update) {
        List<String> probe = List.of(
                "curl",
                "--silent",
                "--max-time",
                "1",
                "--header",
                "Host: " + NginxUpstream.markerHost(update.upstream()),
                "http://127.0.0.1:" + NginxUpstream.MARKER_PORT + NginxUpstream.MARKER_PATH);
        String sidecar = engine.sidecars().of(update.container());
        DockerExec exec = engine.exec();
        awaitUntilNone(
                Duration.ofMillis(10),
                () -> {
                    String seen =
                            exec.run(sidecar, probe, EXEC_TIMEOUT).stdout().strip();
                    return seen.equals(update.generation()) ? Optional.empty() : Optional.of(seen);
                },
                seen -> "nginx in " + update.container() + " still serves generation '" + seen + "' "
                        + RELOAD_DEADLINE.toSeconds() + " s after reloading to " + update.generation());
    }

    /**
     * Seeing the new generation is not enough: the workers of the old configuration still take new
     * connections until they have read the master's signal to quit. Waits until none of {@code oldWorkers}
     * does, so that no request reaches a server the new configuration left out.
     */
    private static void awaitRetired(DockerClient docker, String container, Set<String> oldWorkers) {
        awaitUntilNone(
                Duration.ofMillis(20),
                () -> {
                    Set<String> accepting = new HashSet<>(NginxMaster.acceptingWorkers(processes(docker, container)));
                    accepting.retainAll(oldWorkers);
                    return accepting.isEmpty() ? Optional.empty() : Optional.of(accepting.toString());
                },
                accepting -> "nginx in " + container + " still has workers of the old configuration taking"
                        + " connections (processes " + accepting + ") " + RELOAD_DEADLINE.toSeconds()
                        + " s after a reload");
    }

    /**
     * Polls {@code pending} (what is still not as wanted, or empty once it is) every {@code pause} until it
     * is empty; past the reload deadline, fails with {@code failure} of what was last pending.
     */
    private static void awaitUntilNone(
            Duration pause, Supplier<Optional<String>> pending, Function<String, String> failure) {
        long deadline = System.nanoTime() + RELOAD_DEADLINE.toNanos();
        Optional<String> last = pending.get();
        while (last.isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure.apply(last.get()));
            }
            Pause.of(pause);
            last = pending.get();
        }
    }

    /** The file's text, through the Docker API; empty when there is no such file yet. */
    private static Optional<String> read(DockerClient docker, String container, String file) {
        try (InputStream stream =
                        docker.copyArchiveFromContainerCmd(container, file).exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            return tar.getNextEntry() == null
                    ? Optional.empty()
                    : Optional.of(new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        } catch (NotFoundException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " in " + container, e);
        }
    }

    private static void write(DockerClient docker, String container, String file, String text) {
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
