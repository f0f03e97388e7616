package io.relman.health;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.docker.ContainerDeaths;
import io.relman.support.Pause;
import java.time.Duration;
import java.util.Optional;

/**
 * Watches a new replica's container between two health probes: a crash at start is seen within a tenth of a
 * second of the engine noticing it, instead of at the next probe. Without the replica's engine (a host with a
 * worker of its own), it only waits.
 */
final class CrashWatch {
    private static final Duration LOOK_EVERY = Duration.ofMillis(100);

    private final DockerClient docker;
    private final String container;
    private Long restartsSeen;

    CrashWatch(DockerClient docker, String container) {
        this.docker = docker;
        this.container = container;
    }

    /** Looks at once, then every 100 ms until {@code duration} has passed; what is wrong with it, if anything. */
    Optional<String> lookFor(Duration duration) {
        if (docker == null) {
            Pause.of(duration);
            return Optional.empty();
        }
        long until = System.currentTimeMillis() + duration.toMillis();
        while (true) {
            InspectContainerResponse replica =
                    docker.inspectContainerCmd(container).exec();
            restartsSeen = restartsSeen == null ? ContainerTrouble.restartsOf(replica) : restartsSeen;
            Optional<String> trouble =
                    ContainerTrouble.of(replica, restartsSeen, () -> ContainerDeaths.lastExitCode(docker, replica));
            if (trouble.isPresent() || System.currentTimeMillis() + LOOK_EVERY.toMillis() > until) {
                return trouble;
            }
            Pause.of(LOOK_EVERY);
        }
    }
}
