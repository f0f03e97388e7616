package io.relman.e2e;

import io.relman.support.Pause;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The packaged worker jar as its own process, as production runs it, so a test can SIGKILL it. */
final class WorkerProcess implements AutoCloseable {
    /**
     * A worker's JVM takes 10 to 20 s to start on two cores alone, but 55 s was seen in CI with a chaos pool and
     * the cluster's server building beside it: its first poll came after 90 s.
     */
    private static final Duration STARTUP = Duration.ofSeconds(180);

    private final Process process;
    final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(E2eRuntime runtime, String name) {
        return start(runtime, name, Map.of());
    }

    /** With {@code secrets} in its environment beside the runtime's (a stack's own database password). */
    static WorkerProcess start(E2eRuntime runtime, String name, Map<String, String> secrets) {
        return start(runtime, name, secrets, 0);
    }

    /** On HTTP port {@code port} (0: any free one), where its actuator and codec endpoint answer. */
    static WorkerProcess start(E2eRuntime runtime, String name, Map<String, String> secrets, int port) {
        return start(runtime, name, runtime.taskQueue, secrets, port);
    }

    /**
     * A worker of one host of its own: polling {@code taskQueue}, with {@code env} in its environment (the
     * host's engine as DOCKER_HOST).
     */
    static WorkerProcess onTaskQueue(E2eRuntime runtime, String name, String taskQueue, Map<String, String> env) {
        return start(runtime, name, taskQueue, env, 0);
    }

    /**
     * A worker on the shared queue as if on another machine: {@code disk} (where this machine keeps backups)
     * is an empty tmpfs in its own mount namespace, and it polls a machine queue of its own.
     */
    static WorkerProcess onAnotherMachine(E2eRuntime runtime, String name, Path disk, Map<String, String> secrets) {
        return start(
                runtime,
                name,
                runtime.taskQueue,
                secrets,
                0,
                List.of(
                        "unshare",
                        "--mount",
                        "--propagation",
                        "private",
                        "sh",
                        "-c",
                        "mkdir -p \"$0\" && mount -t tmpfs relman-other-machine \"$0\" && exec \"$@\"",
                        disk.toString()),
                "relman-machine-" + name);
    }

    private static WorkerProcess start(
            E2eRuntime runtime, String name, String taskQueue, Map<String, String> secrets, int port) {
        return start(runtime, name, taskQueue, secrets, port, List.of(), null);
    }

    /**
     * @param launcher what the java command runs under (empty: nothing)
     * @param machineQueue its machine's queue, or null for this machine's (the worker's default)
     */
    private static WorkerProcess start(
            E2eRuntime runtime,
            String name,
            String taskQueue,
            Map<String, String> secrets,
            int port,
            List<String> launcher,
            String machineQueue) {
        Path log = E2eRuntime.TARGET.resolve("e2e-" + name + ".log");
        List<String> command = new java.util.ArrayList<>(launcher);
        command.addAll(List.of(
                "java",
                "-jar",
                System.getProperty("relman.worker.jar"),
                "--relman.task-queue=" + taskQueue,
                "--server.port=" + port));
        if (machineQueue != null) {
            command.add("--relman.machine-queue=" + machineQueue);
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(E2eRuntime.secrets());
        builder.environment().putAll(E2eRuntime.workerSettings());
        builder.environment().putAll(secrets);
        WorkerProcess worker;
        try {
            worker = new WorkerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            worker.awaitPolling(runtime, taskQueue);
            return worker;
        } catch (RuntimeException notReady) {
            // A worker that never got ready must not outlive the test and take a later one's work.
            worker.process.destroyForcibly();
            throw notReady;
        }
    }

    /** Ready means: this process, by its identity (pid@host), polls the workflow task queue. */
    private void awaitPolling(E2eRuntime runtime, String taskQueue) {
        String identity = process.pid() + "@";
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the worker exited with " + process.exitValue() + "; see " + log);
            }
            List<String> pollers = runtime
                    .service
                    .blockingStub()
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(E2eRuntime.NAMESPACE)
                            .setTaskQueue(
                                    TaskQueue.newBuilder().setName(taskQueue).build())
                            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                            .build())
                    .getPollersList()
                    .stream()
                    .map(p -> p.getIdentity())
                    .toList();
            if (pollers.stream().anyMatch(p -> p.startsWith(identity))) {
                return;
            }
            Pause.of(Duration.ofMillis(250));
        }
        throw new IllegalStateException("the worker did not poll " + taskQueue + " within " + STARTUP + "; see " + log);
    }

    /** The process id, which the worker's identity starts with ({@code pid@host}). */
    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no graceful anything, as when a machine dies. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
