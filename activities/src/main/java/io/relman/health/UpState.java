package io.relman.health;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.relman.docker.Containers;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a replica of a service without a port is up, from what the engine says of its container: its
 * image's HEALTHCHECK when it has one, else how long it has run. Decided without the engine.
 */
enum UpState {
    UP,
    NOT_YET,
    DOWN;

    static UpState of(InspectContainerResponse container, Duration minUptime, Instant now) {
        if (!Containers.running(container)) {
            return DOWN;
        }
        HealthState health = container.getState().getHealth();
        if (health != null && health.getStatus() != null) {
            return switch (health.getStatus()) {
                case "healthy" -> UP;
                case "unhealthy" -> DOWN;
                default -> NOT_YET;
            };
        }
        Instant started = Instant.parse(container.getState().getStartedAt());
        return Duration.between(started, now).compareTo(minUptime) >= 0 ? UP : NOT_YET;
    }

    /** What a person is told about a replica that is not up. */
    static String why(InspectContainerResponse container) {
        if (!Containers.running(container)) {
            return "its container is not running (exit code "
                    + container.getState().getExitCodeLong() + ")";
        }
        HealthState health = container.getState().getHealth();
        if (health != null && health.getStatus() != null) {
            return "its Docker HEALTHCHECK says " + health.getStatus();
        }
        return "it has run since " + container.getState().getStartedAt() + ", restarted " + container.getRestartCount()
                + " time(s)";
    }
}
