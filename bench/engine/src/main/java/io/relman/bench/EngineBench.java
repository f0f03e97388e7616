package io.relman.bench;

import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseRequest;
import io.relman.release.saga.DeployWorkflowImpl;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The cost of the engine under relman's own release workflow, on a real Temporal server: the workflow is
 * relman's deploy, its activities are {@link FakeStack}'s (nothing, or a fixed sleep). Each mode prints one
 * JSON object on its last line for bench/engine/run.py, which runs the modes, measures the workers'
 * processes and writes the table.
 *
 * <ul>
 *   <li>{@code steps --rounds R --replicas N}: R releases with eager activity execution and R without,
 *       interleaved, on workers in this process; the time each activity adds to the release.
 *   <li>{@code worker --task-queue Q --state DIR --activity-ms M}: a worker until it is stopped (SIGTERM),
 *       then its peak heap.
 *   <li>{@code releases --task-queue Q --state DIR --environments E --replicas N}: E releases at once, each
 *       of its own environment; the wall time until the last is done.
 * </ul>
 */
public final class EngineBench {
    static final String PROJECT = "bench";

    private EngineBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String address = options.getOrDefault(
                "address", System.getenv().getOrDefault("RELMAN_TEMPORAL_ADDRESS", "127.0.0.1:7233"));
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
        WorkflowClient client = WorkflowClient.newInstance(
                service,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(options.getOrDefault("namespace", "default"))
                        .build());
        int replicas = Integer.parseInt(options.getOrDefault("replicas", "3"));
        switch (args[0]) {
            case "steps" -> steps(client, Integer.parseInt(options.getOrDefault("rounds", "5")), replicas);
            case "worker" ->
                worker(
                        client,
                        options.get("task-queue"),
                        Path.of(options.get("state")),
                        Duration.ofMillis(Long.parseLong(options.getOrDefault("activity-ms", "0"))));
            case "releases" ->
                releases(
                        client,
                        options.get("task-queue"),
                        Path.of(options.get("state")),
                        Integer.parseInt(options.getOrDefault("environments", "20")),
                        replicas);
            default -> throw new IllegalArgumentException("unknown mode " + args[0] + ": steps, worker or releases");
        }
        service.shutdown();
        System.exit(0);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** Per-activity cost, with and without eager activity execution, the two interleaved round by round. */
    private static void steps(WorkflowClient client, int rounds, int replicas) throws Exception {
        Path state = Files.createTempDirectory("relman-bench-steps");
        List<String> environments = List.of("steps");
        Plan plan = plan(state, environments, replicas);
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Map<String, List<Long>> stepMicros = new LinkedHashMap<>();
        Map<String, List<Long>> releaseMillis = new LinkedHashMap<>();
        // The baseline runs as many activities as relman's release had (known after its first run).
        int activityCount = 25;
        for (boolean eager : List.of(true, false)) {
            String queue = "relman-bench-" + (eager ? "eager" : "no-eager");
            Worker worker = factory.newWorker(
                    queue,
                    WorkerOptions.newBuilder().setDisableEagerExecution(!eager).build());
            worker.registerWorkflowImplementationTypes(DeployWorkflowImpl.class, Baseline.StepsImpl.class);
            List<Object> activities = new ArrayList<>(new FakeStack(state, Duration.ZERO).activities());
            activities.add(new Baseline.StepImpl());
            activities.add(new AllowingPlanAccess());
            worker.registerActivitiesImplementations(activities.toArray());
            for (String kind : List.of("relman", "baseline")) {
                stepMicros.put(kind + " " + queue, new ArrayList<>());
                releaseMillis.put(kind + " " + queue, new ArrayList<>());
            }
        }
        factory.start();
        List<String> queues = List.copyOf(stepMicros.keySet());
        // One release of each first, not counted: the JVM's and the server's first run of everything.
        for (int round = 0; round <= rounds; round++) {
            for (int i = 0; i < queues.size(); i++) {
                String run = queues.get((i + round) % queues.size());
                String queue = run.substring(run.indexOf(' ') + 1);
                FakeStack.reset(state, environments, replicas, "v1");
                long started = System.nanoTime();
                String workflowId = run.startsWith("relman")
                        ? deploy(client, queue, plan, "steps", "v2").join()
                        : baseline(client, queue, activityCount);
                long millis = (System.nanoTime() - started) / 1_000_000;
                List<Long> steps = stepMicros(client, workflowId);
                if (round > 0) {
                    stepMicros.get(run).addAll(steps);
                    releaseMillis.get(run).add(millis);
                }
                if (run.startsWith("relman")) {
                    activityCount = steps.size();
                }
            }
        }
        factory.shutdownNow();
        StringBuilder json = new StringBuilder("{\"mode\": \"steps\", \"replicas\": " + replicas + ", \"rounds\": "
                + rounds + ", \"activities_per_release\": " + activityCount + ", \"runs\": {");
        json.append(queues.stream()
                .map(queue -> "\"" + queue + "\": {\"step_micros\": " + stepMicros.get(queue) + ", \"release_millis\": "
                        + releaseMillis.get(queue) + "}")
                .collect(Collectors.joining(", ")));
        System.out.println(json.append("}}"));
    }

    /** Runs {@link Baseline.Steps}: {@code steps} activities; its workflow id when done. */
    private static String baseline(WorkflowClient client, String queue, int steps) {
        String workflowId = "bench-baseline";
        client.newWorkflowStub(
                        Baseline.Steps.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(workflowId)
                                .setTaskQueue(queue)
                                .build())
                .run(steps);
        return workflowId;
    }

    /**
     * The time each activity of the release adds to it: from its scheduling to the scheduling of the next
     * one (the last: to the run's completion). Only the activities that run one after the other are in a
     * release of one host, so each interval is one activity's whole round trip through the engine.
     */
    private static List<Long> stepMicros(WorkflowClient client, String workflowId) {
        List<Long> scheduled = new ArrayList<>();
        long completed = 0;
        for (HistoryEvent event : client.fetchHistory(workflowId).getEvents()) {
            long micros = micros(event);
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                scheduled.add(micros);
            } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
                completed = micros;
            }
        }
        List<Long> steps = new ArrayList<>();
        for (int i = 0; i < scheduled.size(); i++) {
            long next = i + 1 < scheduled.size() ? scheduled.get(i + 1) : completed;
            steps.add(next - scheduled.get(i));
        }
        return steps;
    }

    private static long micros(HistoryEvent event) {
        return event.getEventTime().getSeconds() * 1_000_000
                + event.getEventTime().getNanos() / 1_000;
    }

    /** A worker of relman's deploy over the fake stack in {@code state}, until this process is stopped. */
    private static void worker(WorkflowClient client, String queue, Path state, Duration activityTime)
            throws InterruptedException {
        AtomicLong peakHeap = new AtomicLong();
        Thread sampler = new Thread(() -> {
            Runtime runtime = Runtime.getRuntime();
            while (true) {
                peakHeap.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        WorkerFactory factory = WorkerFactory.newInstance(client);
        Worker worker = factory.newWorker(queue);
        worker.registerWorkflowImplementationTypes(DeployWorkflowImpl.class);
        worker.registerActivitiesImplementations(
                new FakeStack(state, activityTime).activities().toArray());
        worker.registerActivitiesImplementations(new AllowingPlanAccess());
        factory.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            factory.shutdownNow();
            System.out.println("{\"mode\": \"worker\", \"peak_heap_bytes\": " + peakHeap.get() + "}");
            System.out.flush();
        }));
        System.out.println("worker polling " + queue);
        System.out.flush();
        Thread.currentThread().join();
    }

    /** {@code count} releases at once, one per environment; their wall time and each one's activities. */
    private static void releases(WorkflowClient client, String queue, Path state, int count, int replicas)
            throws IOException {
        List<String> environments = IntStream.rangeClosed(1, count)
                .mapToObj(index -> String.format("env%02d", index))
                .toList();
        Plan plan = plan(state.resolveSibling(state.getFileName() + "-plan"), environments, replicas);
        FakeStack.reset(state, environments, replicas, "v1");
        List<CompletableFuture<String>> runs = environments.stream()
                .map(environment -> deploy(client, queue, plan, environment, "v2"))
                .toList();
        List<String> workflowIds = runs.stream().map(CompletableFuture::join).toList();
        // As the server saw it, from the first start to the last completion: not this process's own start.
        long first = Long.MAX_VALUE;
        long last = 0;
        for (String workflowId : workflowIds) {
            List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
            first = Math.min(first, micros(events.get(0)));
            last = Math.max(last, micros(events.get(events.size() - 1)));
        }
        long wallMillis = (last - first) / 1_000;
        int activities = stepMicros(client, workflowIds.get(0)).size();
        System.out.println("{\"mode\": \"releases\", \"environments\": " + count + ", \"replicas\": " + replicas
                + ", \"wall_millis\": " + wallMillis + ", \"activities_per_release\": " + activities + "}");
    }

    /** Starts relman's deploy of {@code version} to {@code environment}; completes with its workflow id when done. */
    private static CompletableFuture<String> deploy(
            WorkflowClient client, String queue, Plan plan, String environment, String version) {
        String workflowId = RelmanTemporal.releaseWorkflowId(plan.project(), environment);
        DeployWorkflow run = client.newWorkflowStub(
                DeployWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(queue)
                        .build());
        return WorkflowClient.execute(run::deploy, new ReleaseRequest(plan, environment, version, "bench@localhost"))
                .thenApply(result -> workflowId);
    }

    /** A plan of one service, {@code replicas} replicas behind nginx, in each environment; no database. */
    private static Plan plan(Path dir, List<String> environments, int replicas) throws IOException {
        StringBuilder yaml = new StringBuilder("project: " + PROJECT + "\nenvironments:\n");
        for (String environment : environments) {
            yaml.append("  ")
                    .append(environment)
                    .append(":\n")
                    .append("    network: bench-")
                    .append(environment)
                    .append("\n")
                    .append("    load_balancer:\n      container: bench-")
                    .append(environment)
                    .append("-lb\n");
        }
        yaml.append("services:\n  app:\n    image: relman/bench-app\n    replicas: ")
                .append(replicas)
                .append("\n    port: 8000\n    healthcheck:\n      path: /health\n    validate: [/version]\n");
        Files.createDirectories(dir);
        Path file = dir.resolve("relman.yml");
        Files.writeString(file, yaml);
        return PlanLoader.load(file);
    }
}
