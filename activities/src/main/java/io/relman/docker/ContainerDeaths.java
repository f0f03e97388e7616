package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a container last died, from the engine's events: a container its restart policy started again shows
 * exit code 0 in {@code docker inspect}, and only its {@code die} event still has the code it crashed with.
 */
public final class ContainerDeaths {
    private static final Logger log = LoggerFactory.getLogger(ContainerDeaths.class);

    private ContainerDeaths() {}

    /**
     * The exit code of the container's last {@code die} event, between its creation and its latest start (both
     * by the engine's clock, which may differ from the worker's); empty when the engine does not tell within
     * 2 s or cannot: the exit code only improves a message, so its absence never fails the check.
     */
    public static OptionalLong lastExitCode(DockerClient docker, InspectContainerResponse container) {
        List<Event> deaths = new ArrayList<>();
        try (ResultCallback.Adapter<Event> events = docker.eventsCmd()
                .withContainerFilter(container.getId())
                .withEventFilter("die")
                .withSince(Long.toString(Instant.parse(container.getCreated()).getEpochSecond()))
                .withUntil(Long.toString(
                        Instant.parse(container.getState().getStartedAt()).getEpochSecond() + 1))
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        deaths.add(event);
                    }
                })) {
            events.awaitCompletion(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("the die events of {} could not be read: {}", container.getName(), e.toString());
            return OptionalLong.empty();
        }
        return deaths.stream()
                .reduce((first, second) -> second)
                .map(Event::getActor)
                .map(actor -> actor.getAttributes() == null
                        ? null
                        : actor.getAttributes().get("exitCode"))
                .filter(code -> code.matches("-?[0-9]+"))
                .map(code -> OptionalLong.of(Long.parseLong(code)))
                .orElse(OptionalLong.empty());
    }
}
