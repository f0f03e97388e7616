package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.support.Pause;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos matrix: a deploy v1 -> v2 with a migration, on the real stack under load through nginx, with the
 * worker that runs an activity SIGKILLed as the activity starts, for every activity type the deploy
 * executes, in one run; a spare worker takes over. Each cell checks that the run moved again within 10 s of
 * the kill (the heartbeat timeout notices a dead worker); the run must complete with no failed request, each
 * container exactly once (no duplicate, no orphan, the images expected) and no secret value in its history.
 * It prints one line per cell and {@code N passed, M failed}. Beside it, the cells where nginx or the database
 * fail instead of the worker. On the chaos environment (ChaosStack), so that it runs beside other classes.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class ChaosMatrixIT {
    private static final String RELEASE_ID = ChaosStack.RELEASE_ID;
    private static final Duration NOTICED_WITHIN = Duration.ofSeconds(10);

    private static E2eRuntime runtime;
    private static final List<String> cells = new ArrayList<>();
    private static int failed;

    /** The running workers by process id; a killed one is replaced in the background. */
    private final Map<Long, WorkerProcess> workers = new ConcurrentHashMap<>();

    private final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void runtime() {
        runtime = new E2eRuntime();
    }

    @AfterAll
    static void summary() {
        cells.forEach(System.out::println);
        System.out.println("CHAOS " + (cells.size() - failed) + " passed, " + failed + " failed");
        ChaosStack.down();
        System.out.println("CHAOS histories: " + runtime.assertNoSecretInAnyHistory());
    }

    /** The cells of this test method that failed: each method asserts it has none. */
    private final List<String> failedHere = new ArrayList<>();

    private void cell(boolean passed, String line) {
        cells.add("CHAOS " + (passed ? "PASS " : "FAIL ") + line);
        if (!passed) {
            failed++;
            failedHere.add(line);
        }
    }

    private WorkerProcess startWorker() {
        WorkerProcess worker = runtime.startWorker("chaos-" + started.incrementAndGet());
        workers.put(worker.pid(), worker);
        return worker;
    }

    /** Waits until the workers started to replace killed ones run: a full pool again. */
    private void awaitReplacements() throws Exception {
        for (java.util.concurrent.Future<?> replacement : replacing) {
            replacement.get(5, TimeUnit.MINUTES);
        }
        replacing.clear();
    }

    private final List<java.util.concurrent.Future<?>> replacing = new ArrayList<>();

    /** Killed too: the run has ended, and a dozen graceful shutdowns take long. */
    private void stopWorkers() throws InterruptedException {
        replacements.shutdownNow();
        replacements.awaitTermination(2, TimeUnit.MINUTES);
        for (WorkerProcess worker : workers.values()) {
            worker.kill();
        }
        workers.clear();
    }

    /** Replacements start two at a time: more JVMs starting together slow each other down several times. */
    private final java.util.concurrent.ExecutorService replacements =
            java.util.concurrent.Executors.newFixedThreadPool(2);

    /**
     * The stack on v1, released without chaos while a pool of POOL workers starts: one to kill, one to take over,
     * and spares while replacements start (a worker takes 10 to 20 s to start on two cores; the kills follow
     * each other every 7 s). The longest attempt of each activity type in that release, in ms.
     */
    private Map<String, Long> stackOnV1() throws Exception {
        ChaosStack.fresh();
        startWorker();
        List<java.util.concurrent.Future<?>> spares = new ArrayList<>();
        for (int i = 1; i < POOL; i++) {
            spares.add(replacements.submit(this::startWorker));
        }
        // The first worker releases v1 while the spares start: both take tens of seconds on two cores.
        assertThat(runtime.relman("deploy", "--env", ChaosStack.ENVIRONMENT, "--version", "v1"))
                .isZero();
        for (java.util.concurrent.Future<?> spare : spares) {
            spare.get(5, TimeUnit.MINUTES);
        }
        return durations(RELEASE_ID);
    }

    /**
     * A deploy v1 -> v2 with the worker of every activity type killed as the type starts, and the worker of
     * its retry killed again half-way for the types that take a second or more; with {@code -Dchaos.full=true}
     * then a rollback v2 -> v1 the same way.
     */
    @Test
    void everyActivityTypeKilledAndTheRunGoesOn() throws Exception {
        Map<String, Long> durations = new TreeMap<>(stackOnV1());
        List<Kills> runs = new ArrayList<>();
        try {
            runs.add(killEach("deploy", "v2", "v1", halves(durations)));
            if (FULL) {
                // The deploy's attempts ran beside starting workers: only the types the first release lacks.
                runs.get(0).durations.forEach(durations::putIfAbsent);
                awaitReplacements();
                runs.add(killEach("rollback", "v1", "v2", halves(durations)));
            }
        } finally {
            stopWorkers();
        }
        for (Kills kills : runs) {
            assertThat(kills.load.failures()).as("failed requests").isEmpty();
            assertThat(kills.containers).isEqualTo(ChaosStack.expected(kills.running, kills.kept));
            assertThat(kills.noSecret).as("no secret value in the history").isTrue();
            assertThat(kills.stallMillis)
                    .as("every killed step moved again within " + NOTICED_WITHIN.toSeconds() + " s")
                    .allSatisfy((cell, millis) ->
                            assertThat(millis).as(cell).isLessThanOrEqualTo(NOTICED_WITHIN.toMillis()));
        }
        assertThat(runs.get(0).stallMillis.keySet().stream().filter(cell -> cell.endsWith(AT_START)))
                .as("activity types of the deploy killed at start (of %s): %s", runs.get(0).types, runs.get(0).stalls)
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(failedHere).as("failed cells").isEmpty();
    }

    /** The full matrix (the rollback's cells too, every long type killed half-way) instead of CI's. */
    private static final boolean FULL = Boolean.getBoolean("chaos.full");

    /** CI's reduced form kills the retry half-way for the longest types only (the full matrix: every one of 1 s or more). */
    private static final int HALF_WAY_IN_CI = 2;

    /**
     * Workers at the start: a kill every 7 s outpaces the replacements (10 to 50 s each on two cores), and a
     * release of 15 activity types must not run out of spares before its last type.
     */
    private static final int POOL = FULL ? 12 : 10;

    private static final String AT_START = " killed at start";
    private static final String HALF_WAY = " killed half-way";

    /** What one run under the kills did; cells are named {@code TYPE killed at start} or {@code half-way}. */
    private record Kills(
            String running,
            String kept,
            List<String> types,
            Map<String, String> stalls,
            Map<String, Long> stallMillis,
            Map<String, Long> durations,
            LoadLoop load,
            Map<String, String> containers,
            boolean noSecret) {}

    /**
     * Runs {@code command} (a deploy to {@code running}, or a rollback to it) under load and kills the worker
     * running each activity type as it starts; for the types in {@code halfWay}, the worker running the retry
     * is killed again that many ms after the retry started. One cell per kill and one for the run.
     */
    private Kills killEach(String command, String running, String kept, Map<String, Long> halfWay) throws Exception {
        Map<String, String> stalls = new TreeMap<>();
        Map<String, Long> stallMillis = new TreeMap<>();
        Set<String> waitedForSpare = new LinkedHashSet<>();
        ReleaseResult result;
        LoadLoop load = new LoadLoop(ChaosStack.LB_PORT, "/version");
        try {
            List<String> args = new ArrayList<>(List.of(command, "--env", ChaosStack.ENVIRONMENT, "--detach"));
            if (command.equals("deploy")) {
                args.addAll(List.of("--version", running));
            }
            assertThat(runtime.relman(args.toArray(String[]::new))).isZero();
            WorkflowExecution run =
                    runtime.client.newUntypedWorkflowStub(RELEASE_ID).describe().getExecution();
            CompletableFuture<ReleaseResult> done = runtime.client
                    .newUntypedWorkflowStub(RELEASE_ID, Optional.of(run.getRunId()), Optional.empty())
                    .getResultAsync(ReleaseResult.class);
            Set<String> tried = new LinkedHashSet<>();
            while (!done.isDone()) {
                long now = System.currentTimeMillis();
                Optional<PendingActivityInfo> victim = ChaosStack.pending(runtime, run).stream()
                        .filter(activity -> activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
                        .filter(activity -> !tried.contains(cellOf(activity, tried))
                                && due(activity, cellOf(activity, tried), halfWay, now))
                        .findFirst();
                if (victim.isPresent() && workers.size() < 2) {
                    waitedForSpare.add(cellOf(victim.get(), tried));
                }
                if (victim.isEmpty() || workers.size() < 2) {
                    Pause.of(Duration.ofMillis(20));
                    continue;
                }
                PendingActivityInfo activity = victim.get();
                String cell = cellOf(activity, tried);
                tried.add(cell);
                long pid = Long.parseLong(activity.getLastWorkerIdentity().split("@")[0]);
                // A replacement works before its start returns (the server may list its pollers late): it is one
                // of this test's children all the same.
                Optional<ProcessHandle> child = ProcessHandle.current()
                        .children()
                        .filter(process -> process.pid() == pid)
                        .findFirst();
                if (child.isEmpty()) {
                    stalls.put(cell, "not killed: its worker " + activity.getLastWorkerIdentity() + " is not ours");
                    continue;
                }
                workers.remove(pid);
                child.get().destroyForcibly();
                child.get().onExit().get(30, TimeUnit.SECONDS);
                replacing.add(replacements.submit(this::startWorker));
                long movedAfter = ChaosStack.awaitMovedAgain(runtime, run, activity, done);
                if (movedAfter < 0) {
                    stalls.put(cell, "ended before the kill landed: a kill between two steps");
                } else {
                    stallMillis.put(cell, movedAfter);
                    stalls.put(cell, String.format("moved again %.1f s after the kill", movedAfter / 1000.0));
                }
                System.out.println("CHAOS " + command + ": " + cell + " (attempt " + activity.getAttempt() + "); "
                        + stalls.get(cell));
            }
            result = done.get(10, TimeUnit.MINUTES);
        } finally {
            load.close();
        }

        List<String> types = activityTypes(RELEASE_ID);
        for (String type : types) {
            for (String cell :
                    halfWay.containsKey(type) ? List.of(type + AT_START, type + HALF_WAY) : List.of(type + AT_START)) {
                String stall = stalls.get(cell);
                Long millis = stallMillis.get(cell);
                if (stall == null) {
                    stall = waitedForSpare.contains(cell)
                            ? "not killed: it was due while no spare worker was ready, and ended before one was"
                            : cell.endsWith(HALF_WAY)
                                    ? "not killed: its retry ended before half of " + 2 * halfWay.get(type) + " ms"
                                    : "not killed: it ended before the observer saw it start";
                }
                cell(millis == null || millis <= NOTICED_WITHIN.toMillis(), command + ", " + cell + ": " + stall);
            }
        }
        Map<String, String> containers = ChaosStack.containers(runtime);
        boolean containersAsExpected = containers.equals(ChaosStack.expected(running, kept));
        boolean noSecret = !runtime.readableHistory(RELEASE_ID)
                        .contains(E2eRuntime.secrets().get("SHOP_DB_PASSWORD"))
                && runtime.plainPayloads(RELEASE_ID).isEmpty();
        cell(
                result.replicas().size() == 3 && load.failures().isEmpty() && containersAsExpected && noSecret,
                command + " to " + running + " with " + stallMillis.size() + " kills: completed, "
                        + load.failures().size() + " of " + load.requests() + " requests failed, containers "
                        + (containersAsExpected ? "as expected" : containers) + ", "
                        + (noSecret
                                ? "no secret in the history, every payload encrypted"
                                : "A SECRET OR A PLAIN PAYLOAD IN THE HISTORY"));
        return new Kills(running, kept, types, stalls, stallMillis, durations(RELEASE_ID), load, containers, noSecret);
    }

    /** The cell a kill of {@code activity} now would be: at start the first time, half-way for the retry after. */
    private static String cellOf(PendingActivityInfo activity, Set<String> tried) {
        String type = activity.getActivityType().getName();
        return tried.contains(type + AT_START) && activity.getAttempt() > 1 ? type + HALF_WAY : type + AT_START;
    }

    /** Whether the kill {@code cell} is due: at once at start, half-way once the retry has run that long. */
    private static boolean due(PendingActivityInfo activity, String cell, Map<String, Long> halfWay, long nowMillis) {
        if (cell.endsWith(AT_START)) {
            return true;
        }
        Long after = halfWay.get(activity.getActivityType().getName());
        long startedAt = activity.getLastStartedTime().getSeconds() * 1000
                + activity.getLastStartedTime().getNanos() / 1_000_000;
        return after != null && nowMillis - startedAt >= after;
    }

    /** Half of each duration of a second or more (in CI, the longest ones'): when to kill that type half-way. */
    private static Map<String, Long> halves(Map<String, Long> durations) {
        Map<String, Long> halves = new TreeMap<>();
        durations.entrySet().stream()
                .filter(type -> type.getValue() >= 1000)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(FULL ? Long.MAX_VALUE : HALF_WAY_IN_CI)
                .forEach(type -> halves.put(type.getKey(), type.getValue() / 2));
        return halves;
    }

    /** Each activity type's longest attempt that completed in the run, in ms (started to completed). */
    private static Map<String, Long> durations(String workflowId) {
        Map<Long, String> typeOfScheduled = new java.util.HashMap<>();
        Map<Long, Long> startedAtOfScheduled = new java.util.HashMap<>();
        Map<String, Long> longest = new TreeMap<>();
        for (HistoryEvent event : runtime.client.fetchHistory(workflowId).getEvents()) {
            long at = event.getEventTime().getSeconds() * 1000
                    + event.getEventTime().getNanos() / 1_000_000;
            switch (event.getEventType()) {
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
                    typeOfScheduled.put(
                            event.getEventId(),
                            event.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName());
                case EVENT_TYPE_ACTIVITY_TASK_STARTED ->
                    startedAtOfScheduled.put(
                            event.getActivityTaskStartedEventAttributes().getScheduledEventId(), at);
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    long scheduled =
                            event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
                    long millis = at - startedAtOfScheduled.getOrDefault(scheduled, at);
                    longest.merge(typeOfScheduled.get(scheduled), millis, Math::max);
                }
                default -> {}
            }
        }
        return longest;
    }

    /**
     * The cells where something other than the worker fails, on one stack with two workers: the nginx
     * container restarted mid-rollout (v1 -> v2), and the database container stopped during the backup
     * (v2 -> v1, which must then undo and leave the stack as it was). The dev server's restart is
     * DevServerRestartIT's: it runs alone, since every class uses that server.
     */
    @Test
    void nginxRestartsMidRolloutAndTheDatabaseStopsDuringTheBackup() throws Exception {
        ChaosStack.fresh();
        startWorker();
        startWorker();
        try {
            assertThat(runtime.relman("deploy", "--env", ChaosStack.ENVIRONMENT, "--version", "v1"))
                    .isZero();
            nginxRestartedMidRollout();
            databaseStoppedDuringTheBackup();
        } finally {
            stopWorkers();
        }
        assertThat(failedHere).as("failed cells").isEmpty();
    }

    /** The maintenance page's answer, as LoadLoop records it: the chaos plan's Retry-After. */
    private static final String PAGE_ANSWER = "HTTP 503 (Retry-After: 30) at ";

    /**
     * A plan with a maintenance page over the migration: a worker SIGKILLed while the page is up (the one running
     * the migration), and an abort while it is up, both end with the traffic on the replicas, the page's container
     * gone, and no failed request but the page's answers inside its window.
     */
    @Test
    void theMaintenancePageComesDownAfterAWorkerKilledUnderItAndAfterAnAbort() throws Exception {
        Path plan = E2eRuntime.planVariant(
                "chaos-maintenance",
                "  chaos:  ",
                "  chaos:\n    maintenance:\n      text: \"Back in a minute\"\n      retry_after: 30s\n  ");
        ChaosStack.fresh();
        startWorker();
        startWorker(); // takes over from the one killed
        try {
            assertThat(runtime.relmanWithPlan(plan, "deploy", "--env", ChaosStack.ENVIRONMENT, "--version", "v1"))
                    .isZero();
            underThePage(plan, "v2", "worker running the migration SIGKILLed under the page", run -> {
                PendingActivityInfo migration = ChaosStack.pending(runtime, run).stream()
                        .filter(activity -> activity.getActivityType().getName().equals("MigrationRun"))
                        .findFirst()
                        .orElseThrow();
                long pid = Long.parseLong(migration.getLastWorkerIdentity().split("@")[0]);
                try {
                    workers.remove(pid).kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            underThePage(
                    plan,
                    "v2.1",
                    "relman abort under the page",
                    run -> assertThat(runtime.relmanWithPlan(plan, "abort", ChaosStack.ENVIRONMENT))
                            .isZero());
        } finally {
            stopWorkers();
        }
        assertThat(failedHere).as("failed cells").isEmpty();
    }

    /**
     * Deploys {@code version} under load with the page over its migration, does {@code chaos} once the migration
     * runs (the page is up then), and checks where the traffic and the stack ended. A deploy of v2 must succeed;
     * one of v2.1 is aborted, and must leave v2 as it was.
     */
    private void underThePage(
            Path plan, String version, String what, java.util.function.Consumer<WorkflowExecution> chaos)
            throws Exception {
        boolean aborted = !version.equals("v2");
        try (LoadLoop load = new LoadLoop(ChaosStack.LB_PORT, "/version")) {
            assertThat(runtime.relmanWithPlan(
                            plan, "deploy", "--env", ChaosStack.ENVIRONMENT, "--version", version, "--detach"))
                    .isZero();
            WorkflowExecution run =
                    runtime.client.newUntypedWorkflowStub(RELEASE_ID).describe().getExecution();
            ChaosStack.awaitStarted(runtime, run, "MigrationRun");
            chaos.accept(run);
            String outcome;
            try {
                runtime.client
                        .newUntypedWorkflowStub(RELEASE_ID, Optional.of(run.getRunId()), Optional.empty())
                        .getResult(5, TimeUnit.MINUTES, ReleaseResult.class);
                outcome = "succeeded";
            } catch (io.temporal.client.WorkflowFailedException failed) {
                outcome = "failed and undone: "
                        + E2eRuntime.failureOf(runtime.client, RELEASE_ID).fullyUndone();
            }
            Pause.of(Duration.ofSeconds(1));
            load.close();
            PageWindows page = PageWindows.of(runtime, RELEASE_ID, what, PAGE_ANSWER, load);
            String upstream = E2eRuntime.output(
                    "docker", "exec", "shop-" + ChaosStack.ENVIRONMENT + "-lb", "cat", "/etc/nginx/relman/app.conf");
            boolean pageGone = runtime.docker
                    .listContainersCmd()
                    .withShowAll(true)
                    .withNameFilter(List.of("relman-maintenance-shop-" + ChaosStack.ENVIRONMENT))
                    .exec()
                    .isEmpty();
            boolean containersAsExpected = ChaosStack.containers(runtime).equals(ChaosStack.expected("v2", "v1"));
            String expectedOutcome = aborted ? "failed and undone: true" : "succeeded";
            cell(
                    outcome.equals(expectedOutcome)
                            && page.count() == 1
                            && page.answeredInside() > 0
                            && page.outside().isEmpty()
                            && !upstream.contains("relman-maintenance")
                            && upstream.contains("shop-" + ChaosStack.ENVIRONMENT + "-app-1")
                            && pageGone
                            && containersAsExpected,
                    String.format(
                            "deploy %s, %s: %s; %d requests, %d got the page inside its window, %d failed outside"
                                    + " it %s; nginx routes to the replicas: %s; page container removed: %s;"
                                    + " containers %s",
                            version,
                            what,
                            outcome,
                            load.requests(),
                            page.answeredInside(),
                            page.outside().size(),
                            page.outside().stream().limit(5).toList(),
                            !upstream.contains("relman-maintenance"),
                            pageGone,
                            containersAsExpected ? "as expected" : ChaosStack.containers(runtime)));
        }
    }

    /**
     * nginx itself going away fails the requests it holds, which relman cannot prevent; so the window is
     * measured (from the restart's start until nginx answers again) and every failed request must lie in it.
     */
    private void nginxRestartedMidRollout() throws Exception {
        try (LoadLoop load = new LoadLoop(ChaosStack.LB_PORT, "/version")) {
            WorkflowExecution run = ChaosStack.startDetached(runtime, "v2");
            ChaosStack.awaitStarted(runtime, run, "HealthAwaitHealthy");
            long restartedAt = System.nanoTime();
            runtime.docker
                    .restartContainerCmd("shop-" + ChaosStack.ENVIRONMENT + "-lb")
                    .withTimeout(5)
                    .exec();
            long answersAgainAt = nginxAnswersAgain();
            double from = load.secondsAt(restartedAt);
            double to = load.secondsAt(answersAgainAt);
            ReleaseResult result = runtime.client
                    .newUntypedWorkflowStub(RELEASE_ID, Optional.of(run.getRunId()), Optional.empty())
                    .getResult(5, TimeUnit.MINUTES, ReleaseResult.class);
            load.close();
            List<String> outside = new ArrayList<>(load.failures());
            outside.removeAll(load.failuresBetween(from - 0.5, to + 0.5));
            boolean containersAsExpected = ChaosStack.containers(runtime).equals(ChaosStack.expected("v2", "v1"));
            cell(
                    result.replicas().size() == 3 && containersAsExpected && outside.isEmpty(),
                    String.format(
                            "deploy, nginx container restarted mid-rollout (down from +%.1f s to +%.1f s): completed,"
                                    + " %d of %d requests failed while nginx restarted, %d outside that window %s,"
                                    + " containers %s",
                            from,
                            to,
                            load.failures().size() - outside.size(),
                            load.requests(),
                            outside.size(),
                            outside,
                            containersAsExpected ? "as expected" : ChaosStack.containers(runtime)));
        }
    }

    /** When nginx, restarted, answers a request through its published port again (System.nanoTime()). */
    private static long nginxAnswersAgain() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + ChaosStack.LB_PORT + "/version"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Wait.until("nginx answering after its restart", Duration.ofMinutes(1), () -> {
            try {
                return http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (java.io.IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return System.nanoTime();
    }

    private void databaseStoppedDuringTheBackup() throws Exception {
        String db = "shop-" + ChaosStack.ENVIRONMENT + "-db";
        Map<String, String> password = Map.of("PGPASSWORD", E2eRuntime.secrets().get("SHOP_DB_PASSWORD"));
        // Ballast, so that the dump takes seconds and the stop lands during it.
        E2eRuntime.run(
                password,
                "docker",
                "exec",
                "-e",
                "PGPASSWORD",
                db,
                "psql",
                "-U",
                "shop",
                "-d",
                "shop",
                "-qc",
                "CREATE TABLE chaos_ballast AS SELECT g, md5(g::text) AS filler FROM generate_series(1, 3000000) g");
        Map<String, String> before = ChaosStack.containers(runtime);
        ReleaseFailure failure;
        try (LoadLoop load = new LoadLoop(ChaosStack.LB_PORT, "/version")) {
            WorkflowExecution run = ChaosStack.startDetached(runtime, "v1");
            ChaosStack.awaitStarted(runtime, run, "BackupDump");
            long stoppedAt = System.nanoTime();
            runtime.docker.stopContainerCmd(db).withTimeout(5).exec();
            failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
            long endedAfter = (System.nanoTime() - stoppedAt) / 1_000_000;
            load.close();
            Map<String, String> after = ChaosStack.containers(runtime);
            Map<String, String> expected = new TreeMap<>(before);
            expected.put(db, before.get(db).replace(" running", " exited"));
            boolean unchanged = after.equals(expected);
            cell(
                    failure.step() == io.relman.plan.ReleaseStep.BACKUP
                            && unchanged
                            && load.failures().isEmpty(),
                    String.format(
                            "deploy, database container stopped during the backup: undone %.1f s after the stop"
                                    + " (failed at %s: %s), %d of %d requests failed, replicas %s",
                            endedAfter / 1000.0,
                            failure.step(),
                            failure.reason().lines().findFirst().orElse(""),
                            load.failures().size(),
                            load.requests(),
                            unchanged ? "unchanged" : after));
        } finally {
            runtime.docker.startContainerCmd(db).exec();
            Wait.until(
                    "the database back",
                    Duration.ofMinutes(1),
                    () -> succeeds("docker", "exec", db, "pg_isready", "-q"));
        }
    }

    private static boolean succeeds(String... command) {
        try {
            return new ProcessBuilder(command).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Every activity type the run scheduled, in the order it first appeared. */
    private static List<String> activityTypes(String workflowId) {
        Set<String> types = new LinkedHashSet<>();
        for (HistoryEvent event : runtime.client.fetchHistory(workflowId).getEvents()) {
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                types.add(event.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName());
            }
        }
        return List.copyOf(types);
    }
}
