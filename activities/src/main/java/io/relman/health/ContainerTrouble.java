package io.relman.health;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectContainerResponse.ContainerState;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Whether the engine already says that a new replica is broken, so that no probe needs to wait for it: its
 * container exited, was killed for memory, or is being restarted by its restart policy (a crash at start
 * under {@code unless-stopped} shows as running and restarting in turn, never as exited). Decided without
 * the engine.
 */
final class ContainerTrouble {
    private ContainerTrouble() {}

    /**
     * @param restartsSeen the container's restart count when this check first looked at it: a higher count
     *     means it crashed and was started again in between
     */
    static Optional<String> of(InspectContainerResponse container, long restartsSeen) {
        return of(container, restartsSeen, OptionalLong::empty);
    }

    /**
     * @param lastExitCode the code its last death had, asked only when it was restarted and runs again (the
     *     engine's inspect then shows 0)
     */
    static Optional<String> of(
            InspectContainerResponse container, long restartsSeen, Supplier<OptionalLong> lastExitCode) {
        ContainerState state = container.getState();
        long restarts = restartsOf(container);
        String exit = (state.getExitCodeLong() == null ? "no exit code" : "exit code " + state.getExitCodeLong())
                + oomKilled(state);
        if (Boolean.TRUE.equals(state.getRestarting())) {
            return Optional.of("its container crashed (" + exit + ") and its restart policy is starting it again ("
                    + restarts + " restart(s))");
        }
        if (!Boolean.TRUE.equals(state.getRunning())) {
            return Optional.of("its container exited (" + exit + ")");
        }
        if (restarts > restartsSeen) {
            OptionalLong code = lastExitCode.get();
            return Optional.of("its container crashed"
                    + (code.isPresent() ? " (exit code " + code.getAsLong() + oomKilled(state) + ")" : "")
                    + " and was restarted " + (restarts - restartsSeen) + " time(s) while relman probed it");
        }
        return Optional.empty();
    }

    static long restartsOf(InspectContainerResponse container) {
        return container.getRestartCount() == null ? 0 : container.getRestartCount();
    }

    private static String oomKilled(ContainerState state) {
        return Boolean.TRUE.equals(state.getOOMKilled()) ? "; the kernel killed it for lack of memory (OOM)" : "";
    }
}
