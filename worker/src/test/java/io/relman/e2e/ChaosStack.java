package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Container;
import io.relman.support.Pause;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The shop sample's {@code chaos} environment (nginx on 127.0.0.1:18180), which the chaos tests release and
 * break: a stack of its own, so that they run beside the classes on the ci stack.
 */
final class ChaosStack {
    static final String ENVIRONMENT = "chaos";
    static final int LB_PORT = 18180;
    static final String RELEASE_ID = "release-shop-" + ENVIRONMENT;
    private static final String PREFIX = "shop-" + ENVIRONMENT + "-";
    private static final String STACK =
            E2eRuntime.HOME.resolve("examples/shop/stack.sh").toString();

    private ChaosStack() {}

    /** Network, PostgreSQL and nginx, with no replica and no data. */
    static void fresh() {
        down();
        E2eRuntime.run(STACK, "up", ENVIRONMENT, Integer.toString(LB_PORT));
    }

    static void down() {
        E2eRuntime.run(STACK, "down", ENVIRONMENT);
    }

    /** Starts a deploy of {@code version} with the CLI, detached; its run. */
    static WorkflowExecution startDetached(E2eRuntime runtime, String version) {
        assertThat(runtime.relman("deploy", "--env", ENVIRONMENT, "--version", version, "--detach"))
                .isZero();
        return runtime.client.newUntypedWorkflowStub(RELEASE_ID).describe().getExecution();
    }

    /** Waits until an activity of {@code type} runs on a worker. */
    static void awaitStarted(E2eRuntime runtime, WorkflowExecution run, String type) {
        Wait.until(
                type + " started",
                Duration.ofMinutes(2),
                () -> pending(runtime, run).stream()
                        .anyMatch(
                                activity -> activity.getActivityType().getName().equals(type)
                                        && activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED));
    }

    /** The pending activities of the run, as the server describes them. */
    static List<PendingActivityInfo> pending(E2eRuntime runtime, WorkflowExecution run) {
        return runtime.service
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(E2eRuntime.NAMESPACE)
                        .setExecution(run)
                        .build())
                .getPendingActivitiesList();
    }

    /**
     * Milliseconds from now until the killed activity runs again on another worker (a later attempt started)
     * or is gone from the pending ones (done), or the run ended; -1 if it was gone at once: it ended before
     * the kill landed.
     */
    static long awaitMovedAgain(
            E2eRuntime runtime,
            WorkflowExecution run,
            PendingActivityInfo killed,
            java.util.concurrent.Future<?> done) {
        long from = System.nanoTime();
        boolean first = true;
        while (!done.isDone()
                && System.nanoTime() - from < Duration.ofMinutes(2).toNanos()) {
            Optional<PendingActivityInfo> now = ChaosStack.pending(runtime, run).stream()
                    .filter(activity -> activity.getActivityId().equals(killed.getActivityId()))
                    .findFirst();
            if (first && now.isEmpty()) {
                return -1;
            }
            first = false;
            if (now.isEmpty()
                    || (now.get().getAttempt() > killed.getAttempt()
                            && now.get().getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)) {
                break;
            }
            Pause.of(Duration.ofMillis(50));
        }
        return (System.nanoTime() - from) / 1_000_000;
    }

    /** Every container of the stack: its image and state. */
    static Map<String, String> containers(E2eRuntime runtime) {
        Map<String, String> containers = new TreeMap<>();
        for (Container container : runtime.docker
                .listContainersCmd()
                .withShowAll(true)
                .withNameFilter(List.of(PREFIX))
                .exec()) {
            String name = container.getNames()[0].substring(1);
            if (name.startsWith(PREFIX)) {
                containers.put(name, container.getImage() + " " + container.getState());
            }
        }
        return containers;
    }

    /** The stack after a release to {@code running} from {@code kept}: each replica and its kept copy. */
    static Map<String, String> expected(String running, String kept) {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(PREFIX + "db", "relman/postgres:15 running");
        expected.put(PREFIX + "lb", "relman/nginx:bookworm running");
        for (int replica = 1; replica <= 3; replica++) {
            expected.put(PREFIX + "app-" + replica, "relman/shop-app:" + running + " running");
            expected.put(PREFIX + "app-" + replica + "-previous", "relman/shop-app:" + kept + " exited");
        }
        return new TreeMap<>(expected);
    }
}
