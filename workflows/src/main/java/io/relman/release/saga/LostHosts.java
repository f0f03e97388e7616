package io.relman.release.saga;

import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The hosts a failure says were lost: an unreachable host's failure carries the host's name in its
 * details. An undo does not wait on them again: it reports what it could not put back there, at once.
 */
final class LostHosts {
    private static final Set<String> UNREACHABLE =
            Set.of(FailureType.HOST_UNREACHABLE.typeName(), FailureType.ENGINE_UNREACHABLE.typeName());

    private LostHosts() {}

    /** The names of the hosts that {@code failure}, or any of its causes, found unreachable. */
    static Set<String> in(Throwable failure) {
        Set<String> lost = new LinkedHashSet<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ApplicationFailure application
                    && UNREACHABLE.contains(application.getType())
                    && application.getDetails().getSize() > 0) {
                lost.add(application.getDetails().get(String.class));
            }
        }
        return lost;
    }
}
