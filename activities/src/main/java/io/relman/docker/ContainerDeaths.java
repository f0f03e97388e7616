package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * How a container last died, from the engine's events: a container its restart policy started again shows
 * exit code 0 in {@code docker inspect}, and only its {@code die} event still has the code it crashed with.
 */
public final class ContainerDeaths {
    private ContainerDeaths() {}

    /** The exit code of the container's last {@code die} event since {@code since}; empty when none is found. */
    public static OptionalLong lastExitCode(DockerClient docker, String container, Instant since) {
        List<Event> deaths = new ArrayList<>();
        try (ResultCallback.Adapter<Event> events = docker.eventsCmd()
                .withContainerFilter(container)
                .withEventFilter("die")
                .withSince(Long.toString(since.getEpochSecond()))
                .withUntil(Long.toString(Instant.now().getEpochSecond() + 1))
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        deaths.add(event);
                    }
                })) {
            events.awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
