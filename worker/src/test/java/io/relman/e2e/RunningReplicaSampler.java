package io.relman.e2e;

import com.github.dockerjava.api.DockerClient;
import io.relman.docker.ContainerNames;
import io.relman.support.Pause;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts, every 50 ms while a release runs, the running containers of the ci stack's app service
 * (kept old ones included): the fewest and the most seen show how a rollout treats capacity.
 */
final class RunningReplicaSampler implements AutoCloseable {
    private final AtomicInteger fewest = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger most = new AtomicInteger();
    private final Thread sampler;
    private volatile boolean running = true;

    RunningReplicaSampler(DockerClient docker) {
        sampler = new Thread(
                () -> {
                    while (running) {
                        int count = docker.listContainersCmd()
                                .withStatusFilter(List.of("running"))
                                .withLabelFilter(Map.of(
                                        ContainerNames.LABEL_PROJECT,
                                        "shop",
                                        ContainerNames.LABEL_ENVIRONMENT,
                                        E2eRuntime.ENVIRONMENT,
                                        ContainerNames.LABEL_SERVICE,
                                        "app"))
                                .exec()
                                .size();
                        fewest.accumulateAndGet(count, Math::min);
                        most.accumulateAndGet(count, Math::max);
                        Pause.of(Duration.ofMillis(50));
                    }
                },
                "replica-sampler");
        sampler.start();
    }

    int fewest() {
        return fewest.get();
    }

    int most() {
        return most.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }
}
