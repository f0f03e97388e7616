package io.relman.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code docker stop -t grace} in an activity, heartbeating while the container finishes its requests. */
final class GracefulStop {
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(1);

    private GracefulStop() {}

    static void stop(DockerClient docker, String container, Duration grace) {
        ActivityExecutionContext activity = Activity.getExecutionContext();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> {
            try {
                docker.stopContainerCmd(container)
                        .withTimeout((int) Math.max(1, grace.toSeconds()))
                        .exec();
            } catch (NotModifiedException alreadyStopped) {
                // Nothing to do: stopped already.
            }
        });
        while (true) {
            try {
                stop.get(HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException stillStopping) {
                activity.heartbeat("stopping " + container);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping " + container, e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime
                        : new IllegalStateException(e.getCause());
            }
        }
    }
}
