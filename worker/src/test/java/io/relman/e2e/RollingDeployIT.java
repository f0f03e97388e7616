package io.relman.e2e;

import static io.relman.e2e.E2eRuntime.ENVIRONMENT;
import static io.relman.e2e.E2eRuntime.LB_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.relman.docker.ContainerNames;
import io.relman.plan.ReleaseStep;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseProgress;
import io.relman.release.ReleaseResult;
import io.relman.release.ReplacedReplica;
import io.relman.saga.Compensation;
import io.relman.support.Pause;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The end-to-end checks, on the real Docker engine, nginx, PostgreSQL and Temporal dev
 * server: a rolling v1 -> v2 release under load, a worker killed mid-release, and the run as the
 * Temporal Web UI shows it. The figures are printed as "E2E ..." lines.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RollingDeployIT {
    /** Every release of the ci environment runs under this one workflow id: the environment's lock. */
    private static final String RELEASE_ID = "release-shop-" + ENVIRONMENT;

    private static E2eRuntime runtime;

    /**
     * The worker every test but the one that kills workers shares (a JVM start each would cost 10 s): on the
     * port whose codec endpoint the Web UI calls.
     */
    private static WorkerProcess worker;

    @BeforeAll
    static void runtime() {
        runtime = new E2eRuntime();
        worker = runtime.startCodecWorker("rolling-deploy");
    }

    @AfterAll
    static void removeTheStack() throws InterruptedException {
        worker.close();
        E2eRuntime.run(E2eRuntime.HOME.resolve("examples/shop/stack.sh").toString(), "down", ENVIRONMENT);
        System.out.println("E2E histories: " + runtime.assertNoSecretInAnyHistory());
    }

    @Test
    void aRollingDeployUnderLoadFailsNoRequestAndLeavesEveryReplicaOnTheNewVersion() throws Exception {
        freshStackOn("v1");

        int exitCode;
        int fewest;
        int most;
        long[] deployMillis = new long[1];
        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        try (RunningReplicaSampler sampler = new RunningReplicaSampler(runtime.docker)) {
            exitCode = load.around(() -> {
                long started = System.nanoTime();
                int deployed = runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v2");
                deployMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                return deployed;
            });
            fewest = sampler.fewest();
            most = sampler.most();
        }
        List<ReleaseEvent> events = runtime.client
                .newWorkflowStub(DeployWorkflow.class, RELEASE_ID)
                .progress()
                .events();
        long rollout = events.stream()
                        .filter(e -> e.step().equals(ReleaseStep.ROLLOUT))
                        .mapToLong(ReleaseEvent::atMillis)
                        .max()
                        .orElseThrow()
                - events.stream()
                        .filter(e -> e.step().equals(ReleaseStep.ROLLOUT))
                        .mapToLong(ReleaseEvent::atMillis)
                        .min()
                        .orElseThrow();
        System.out.printf(
                "E2E a: %d requests through nginx during the v1 -> v2 release, %d failed (%d resent after nginx"
                        + " closed a kept-alive connection); rolling replacement of 3 replicas %.1f s; whole relman deploy %.1f s"
                        + " (build and migration included); stop-first: %d to %d app containers running%n",
                load.requests(),
                load.failures().size(),
                load.resent(),
                rollout / 1000.0,
                deployMillis[0] / 1000.0,
                fewest,
                most);

        assertThat(exitCode).isZero();
        assertThat(load.failures()).isEmpty();
        assertThat(load.requests()).isGreaterThan(100);
        assertThat(load.versionsSeen()).startsWith("v1").endsWith("v2");
        assertEveryReplicaRuns("v2");
        assertWarmedOnceBeforeTraffic(events);
        assertThat(recordedOutcome(RELEASE_ID)).isEqualTo("succeeded");
        String password = E2eRuntime.secrets().get("SHOP_DB_PASSWORD");
        assertThat(runtime.readableHistory(RELEASE_ID))
                .as("the plan names the secret")
                .contains("SHOP_DB_PASSWORD")
                .as("its value never enters the history")
                .doesNotContain(password);
        assertThat(runtime.storedHistory(RELEASE_ID))
                .as("the server stores the plan encrypted")
                .doesNotContain("SHOP_DB_PASSWORD")
                .doesNotContain(password);
        assertThat(runtime.plainPayloads(RELEASE_ID))
                .as("payloads stored in clear")
                .isEmpty();
        assertThat(runtime.client
                        .listExecutions(
                                "Environment = '" + ENVIRONMENT + "' AND ReleaseVersion = 'v2' AND Service = 'app'")
                        .count())
                .isPositive();
    }

    @Test
    void aWorkerKilledWhileReplacingReplicaTwoIsSucceededByANewOneAndEveryReplicaIsReplacedExactlyOnce()
            throws Exception {
        runtime.freshStack();
        worker.close(); // it would take the work of the worker this test kills
        WorkerProcess first = runtime.startWorker("before-kill");
        assertThat(runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v1"))
                .isZero();
        String runId = deployV2Detached();
        ReleaseProgress atKill = awaitCreatingReplicaTwo(runId);
        first.kill();
        System.out.println("E2E b: worker killed (SIGKILL) at: " + atKill.lastMessage());

        try (WorkerProcess second = runtime.startWorker("after-kill")) {
            ReleaseResult result = runtime.client
                    .newUntypedWorkflowStub(RELEASE_ID, Optional.of(runId), Optional.empty())
                    .getResult(5, TimeUnit.MINUTES, ReleaseResult.class);

            assertEachReplicaReplacedExactlyOnce(result);
            assertThat(result.replicas())
                    .extracting(ReplacedReplica::containerId)
                    .doesNotHaveDuplicates();
            List<HistoryEvent> history =
                    runtime.client.fetchHistory(RELEASE_ID, runId).getEvents();
            assertThat(completed(history, "DockerCreateReplica")).isEqualTo(3);
            System.out.println("E2E b: activity attempts retried after the kill: " + retried(history));
        } finally {
            worker = runtime.startCodecWorker("rolling-deploy-after-kill");
        }
    }

    @Test
    void theReleaseAndItsActivitiesAppearInTheTemporalWebUi() throws Exception {
        // The page's payloads are encrypted: the browser asks the class's worker, on the port the dev server
        // was started with (scripts/lib.sh), to decrypt them.
        freshStackOn("v1");
        String runId = latestRunId();
        String url = E2eRuntime.WEB_UI + "/namespaces/" + E2eRuntime.NAMESPACE + "/workflows/" + RELEASE_ID + "/"
                + runId + "/history";
        Path screenshot = E2eRuntime.TARGET.resolve("webui-" + RELEASE_ID + ".png");
        try (HeadlessChromium browser = new HeadlessChromium(screenshot)) {
            String page = browser.await(
                    url,
                    text -> text.contains(RELEASE_ID)
                            && text.contains("DockerCreateReplica")
                            && text.contains("HealthAwaitHealthy"));
            System.out.println("E2E c: " + url + " shows the run and its activities; screenshot " + screenshot);

            assertThat(page)
                    .contains("Deploy", "LoadBalancerApplyUpstream", "DockerStopAndKeep", "ReleaseRecord")
                    .containsIgnoringCase("completed");
            // The result's fields: encrypted on the server, shown in clear through the codec endpoint.
            assertThat(runtime.storedHistory(RELEASE_ID)).doesNotContain("healthyAfterMillis");
            browser.await(url, text -> text.contains("healthyAfterMillis"));
            System.out.println(
                    "E2E c: the page shows the run's encrypted result decrypted by the worker's codec endpoint");
        }
    }

    /**
     * Three broken releases, each undone under load: v3-broken answers 503 (the plan's {@code failures: 3}) and
     * v3-crash exits at start for a missing setting, both found before the health check's 15 s deadline;
     * v3-late passes, then answers 503 10 s after its start, found by the plan's {@code monitor: 20s}.
     */
    @Test
    void aBrokenReleaseUnderLoadIsFoundInSecondsAndUndoneWithoutAFailedRequest() throws Exception {
        freshStackOn("v2");
        BrokenRelease answers503 = brokenRelease("v3-broken", E2eRuntime.PLAN);
        BrokenRelease crashes = brokenRelease("v3-crash", E2eRuntime.PLAN);
        Path watched =
                E2eRuntime.planVariant("monitor", "      failures: 3 ", "      monitor: 20s\n      failures: 3 ");
        BrokenRelease late = brokenRelease("v3-late", watched);

        for (BrokenRelease broken : List.of(answers503, crashes, late)) {
            assertThat(broken.exitCode).as(broken.version).isEqualTo(1);
            assertThat(broken.load.failures()).as(broken.version).isEmpty();
            assertThat(broken.recordedOutcome).as(broken.version).isEqualTo("failed");
        }
        for (BrokenRelease broken : List.of(answers503, crashes)) {
            assertUndoneBackToV2(broken.failure);
            assertThat(broken.load.versionsSeen()).as(broken.version).containsOnly("v2");
            assertThat(broken.foundMillis)
                    .as("%s found before the health check's 15 s deadline", broken.version)
                    .isLessThan(15_000);
        }
        // v3-late breaks 10 s after its app started, which under load is seconds after its container was
        // created: what must hold is that it broke after that and was found while it was watched (20 s).
        assertThat(late.foundMillis).as("v3-late breaks 10 s after its start").isGreaterThanOrEqualTo(10_000L);
        java.util.regex.Matcher intoItsWatch = java.util.regex.Pattern.compile("broke ([0-9.]+) s into its watch")
                .matcher(late.failure.reason());
        assertThat(intoItsWatch.find()).as(late.failure.reason()).isTrue();
        assertThat(Double.parseDouble(intoItsWatch.group(1)))
                .as("found while its 20 s watch ran")
                .isLessThan(20.0);
        assertThat(late.failure.reason())
                .contains(
                        "shop-ci-app-1 broke",
                        "after it had passed its health check: GET http://shop-ci-app-1:8000/health: 3 probes in a"
                                + " row failed (last: HTTP 503)");
        // Its replicas passed one after the other before replica 1 broke: each is put back, newest first.
        assertThat(late.failure.compensations())
                .extracting(Compensation::outcome)
                .containsOnly(Compensation.Outcome.DONE);
        assertThat(late.failure.compensations())
                .extracting(Compensation::action)
                .endsWith("put shop-ci-app-1 back on v2", "migrate app down to what v2 needs");
        assertEveryReplicaRuns("v2");
        assertThat(late.events)
                .as("the broken replica leaves nginx before the undo puts the others back")
                .contains("drained shop-ci-app-1, which broke, before the undo");
        assertThat(answers503.failure.reason())
                .contains("shop-ci-app-1 is broken: GET http://shop-ci-app-1:8000/health: it answered HTTP 503 3 times"
                        + " in a row (healthcheck.failures: 3)");
        assertThat(crashes.failure.reason()).contains("shop-ci-app-1 is broken: its container", "exit code 78");
        assertThat(crashes.failure.reason() + String.join("\n", crashes.events))
                .as("its own words, from its log")
                .contains("SHOP_PAYMENTS_URL is not set");
    }

    private record BrokenRelease(
            String version,
            int exitCode,
            LoadLoop load,
            ReleaseFailure failure,
            long foundMillis,
            List<String> events,
            String recordedOutcome) {}

    /** {@code relman deploy} of a broken version under load; how long after its replica's creation it was failed. */
    private static BrokenRelease brokenRelease(String version, Path plan) throws Exception {
        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        int exitCode =
                load.around(() -> runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", version));
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
        List<ReleaseEvent> events = runtime.client
                .newWorkflowStub(DeployWorkflow.class, RELEASE_ID)
                .progress()
                .events();
        long createdAt = events.stream()
                .filter(e -> e.step().equals(ReleaseStep.ROLLOUT) && e.message().contains("shop-app:" + version))
                .findFirst()
                .orElseThrow()
                .atMillis();
        long failedAt = events.stream()
                .filter(e -> e.message().startsWith("deploy of " + version))
                .findFirst()
                .orElseThrow()
                .atMillis();
        long undoneAt = events.stream()
                .filter(e -> e.step().equals(ReleaseStep.COMPENSATE))
                .mapToLong(ReleaseEvent::atMillis)
                .max()
                .orElseThrow();
        System.out.printf(
                "E2E a (rollback): %d requests through nginx during the v2 -> %s release, %d failed (%d resent after"
                        + " nginx closed a kept-alive connection); found broken %.1f s after its replica's creation,"
                        + " every replica back on v2 %.1f s later; reason: %s; undo steps: %s%n",
                load.requests(),
                version,
                load.failures().size(),
                load.resent(),
                (failedAt - createdAt) / 1000.0,
                (undoneAt - failedAt) / 1000.0,
                failure.reason(),
                failure.compensations().stream().map(Compensation::line).toList());
        return new BrokenRelease(
                version,
                exitCode,
                load,
                failure,
                failedAt - createdAt,
                events.stream().map(ReleaseEvent::message).toList(),
                recordedOutcome(RELEASE_ID));
    }

    @Test
    void aBeforeTrafficHookThatFailsUndoesTheReleaseUnderLoadWithoutAFailedRequest() throws Exception {
        freshStackOn("v2"); // v3-cold's replicas are healthy, but its warm hook fails in them
        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        int exitCode = load.around(() -> runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v3-cold"));
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
        List<String> events =
                runtime.client.newWorkflowStub(DeployWorkflow.class, RELEASE_ID).progress().events().stream()
                        .map(ReleaseEvent::message)
                        .toList();
        System.out.printf(
                "E2E hooks: %d requests through nginx during v2 -> v3-cold, %d failed; the warm hook failed twice"
                        + " (retries: 1) in shop-ci-app-1; undo steps: %s%n",
                load.requests(),
                load.failures().size(),
                failure.compensations().stream().map(Compensation::line).toList());

        assertThat(exitCode).isEqualTo(1);
        assertThat(load.failures()).isEmpty();
        assertThat(load.versionsSeen())
                .as("no request reached a v3-cold replica")
                .containsOnly("v2");
        assertThat(failure.reason()).contains("before_traffic hook warm", "exited with 3", "failed on purpose");
        assertThat(events)
                .filteredOn(event -> event.startsWith("before_traffic hook warm in shop-ci-app-1 failed (try 1 of 2)"))
                .hasSize(1);
        assertUndoneBackToV2(failure);
    }

    @Test
    void aSecondReleaseOfTheSameEnvironmentIsRefusedWithTheFirstOnesLinkAndChangesNothing() throws Exception {
        freshStackOn("v1");
        String firstRun = deployV2Detached();

        StringBuilder refusal = new StringBuilder();
        int exitCode = E2eRuntime.capturingOutput(
                refusal, () -> runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v3-broken"));
        System.out.println("E2E c (lock): the second deploy exited " + exitCode + ": "
                + refusal.toString().strip());

        assertThat(exitCode).isEqualTo(4);
        assertThat(refusal.toString())
                .contains("environment ci is being released already: Deploy of v2, started by ")
                .contains("/workflows/" + RELEASE_ID + "/" + firstRun + "/history")
                .contains("Nothing was changed.");
        runtime.client
                .newUntypedWorkflowStub(RELEASE_ID, Optional.of(firstRun), Optional.empty())
                .getResult(3, TimeUnit.MINUTES, ReleaseResult.class);
        assertThat(latestRunId()).as("no second run was started").isEqualTo(firstRun);
        assertThat(runtime.docker
                        .listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(
                                ContainerNames.LABEL_VERSION,
                                "v3-broken",
                                ContainerNames.LABEL_ENVIRONMENT,
                                ENVIRONMENT))
                        .exec())
                .isEmpty();
    }

    @Test
    void abortInTheMiddleOfARolloutPutsEverythingBackOnTheOldVersion() throws Exception {
        freshStackOn("v1");
        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        String[] abortedAt = new String[1];
        int abortExit = load.around(() -> {
            String runId = deployV2Detached();
            abortedAt[0] = awaitCreatingReplicaTwo(runId).lastMessage();
            assertThat(runtime.relman("abort", ENVIRONMENT, "--dry-run")).isZero();
            int aborted = runtime.relman("abort", ENVIRONMENT);
            E2eRuntime.failureOf(runtime.client, RELEASE_ID); // waits for the undo to end
            return aborted;
        });
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
        System.out.printf(
                "E2E d (abort): aborted at \"%s\"; %d requests during the release and its undo, %d failed"
                        + " (%d resent after nginx closed a kept-alive connection); undo steps: %s; schema revision now %s%n",
                abortedAt[0],
                load.requests(),
                load.failures().size(),
                load.resent(),
                failure.compensations().stream().map(Compensation::line).toList(),
                schemaRevision());

        assertThat(abortExit).isZero();
        assertThat(failure.reason()).startsWith("deploy of v2 to ci aborted by ");
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-ci-app-2 back on v1", Compensation.Outcome.DONE),
                        tuple("put shop-ci-app-1 back on v1", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v1 needs", Compensation.Outcome.DONE));
        assertThat(load.failures()).isEmpty();
        assertEveryReplicaRuns("v1");
        assertThat(schemaRevision()).isEqualTo("0001");
    }

    @Test
    void aMigrationThatFailsHalfWayIsUndoneByRestoringTheBackupAndTheDatabaseIsAsBefore() throws Exception {
        // v4-bad-migration's 0003 applies, 0004 fails, and 0003 cannot be undone.
        freshStackOn("v2");
        String before = databaseState();
        int exitCode = runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v4-bad-migration");
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
        String after = databaseState();
        Compensation undo = failure.compensations().get(failure.compensations().size() - 1);
        Map<String, String> backup = recordedBackup(RELEASE_ID);
        java.util.regex.Matcher restore = java.util.regex.Pattern.compile("restored backup \\S+ in (\\d+) ms")
                .matcher(undo.message());
        assertThat(restore.find())
                .as("the undo says how long the restore took: %s", undo.message())
                .isTrue();
        System.out.printf(
                "E2E b (bad migration): dump of %s bytes taken in %s ms, restored and verified in %s ms;"
                        + " undo: %s; database before: %s; after: %s%n",
                backup.get("sizeBytes"), backup.get("elapsedMillis"), restore.group(1), undo.line(), before, after);

        assertThat(exitCode).isEqualTo(1);
        assertThat(failure.reason()).contains("failed during migrate").contains("0004 failed half-way");
        assertThat(undo.action()).isEqualTo("migrate app down to what v2 needs");
        assertThat(undo.outcome()).isEqualTo(Compensation.Outcome.DONE);
        assertThat(undo.message())
                .startsWith("migrate down failed: ")
                .contains("0003 cannot be undone")
                .contains("verified: schema and row counts");
        StringBuilder history = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(history, () -> runtime.relman("history", "--env", ENVIRONMENT)))
                .isZero();
        assertThat(history.toString())
                .containsPattern("v4-bad-migration +failed .*" + backup.get("id"))
                .contains("undo done: migrate app down to what v2 needs");
        assertThat(after).isEqualTo(before).startsWith("0002 |");
        assertThat(Path.of(backup.get("path"))).exists();
        assertEveryReplicaRuns("v2");
    }

    @Test
    void aRestoreUnderLoadHoldsTheTrafficSwapsTheDatabaseInAndPutsEveryReplicaBack() throws Exception {
        freshStackOn("v2");
        StringBuilder backedUp = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(backedUp, () -> runtime.relman("backup", "now", "--env", ENVIRONMENT)))
                .isZero();
        String backupId = E2eRuntime.backupIdIn(backedUp);
        String before = databaseState();
        psql("INSERT INTO items (name) VALUES ('written after the backup')");
        String written = databaseState();

        LoadLoop load = new LoadLoop(LB_PORT, "/items");
        long started = System.nanoTime();
        int exit = load.around(() -> runtime.relman("restore", "--env", ENVIRONMENT, "--backup", backupId, "--yes"));
        double seconds = (System.nanoTime() - started) / 1e9;
        String after = databaseState();
        LoadLoop afterwards = new LoadLoop(LB_PORT, "/items");
        afterwards.around(() -> 0);
        System.out.printf(
                "E2E restore under load: exit %d in %.1f s (with the load's 2 s); %d requests, %d failed while"
                        + " nginx held the traffic (%s); afterwards %d requests, %d failed; database before the"
                        + " backup: %s; after the restore: %s%n",
                exit,
                seconds,
                load.requests(),
                load.failures().size(),
                load.failures().stream()
                        .map(failure -> failure.lines().findFirst().orElse(failure))
                        .distinct()
                        .toList(),
                afterwards.requests(),
                afterwards.failures().size(),
                before,
                after);

        assertThat(exit).isZero();
        assertThat(written).isNotEqualTo(before);
        assertThat(after).isEqualTo(before);
        assertThat(load.failures()).allMatch(failure -> failure.startsWith("HTTP 502"));
        assertThat(afterwards.failures()).isEmpty();
        assertEveryReplicaRuns("v2");

        // A backup whose restore takes long enough for an interrupt to land while it runs. `bin/relman abort` goes
        // through the resident CLI, as in a release manager's shell (scripts/setup.sh starts it; the build
        // replaced its jar since). Measured in clean-clone runs, both lanes busy: with a million rows the
        // restore step took 3 to 4 s, and the abort (a JVM of its own, or even the resident CLI) came after it.
        E2eRuntime.run("bash", "-c", "source scripts/lib.sh && start_resident_cli");
        psql("CREATE TABLE restore_ballast AS SELECT g, md5(g::text) AS filler FROM generate_series(1, 2500000) g");
        StringBuilder ballasted = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(ballasted, () -> runtime.relman("backup", "now", "--env", ENVIRONMENT)))
                .isZero();
        String largeBackup = E2eRuntime.backupIdIn(ballasted);
        psql("INSERT INTO items (name) VALUES ('written before the interrupted restores')");
        interruptedRestoreLeavesEverythingAsBefore(largeBackup, "relman abort", () -> abortInItsOwnProcess(RELEASE_ID));
        interruptedRestoreLeavesEverythingAsBefore(largeBackup, "a cancel from the Web UI", () -> {
            runtime.client.newUntypedWorkflowStub(RELEASE_ID).cancel();
            return 0;
        });
    }

    /**
     * A restore of {@code backup} under load, interrupted by {@code interrupt} while the database is being
     * restored (traffic held): the database, nginx's routing and the replicas are as before, and traffic flows.
     */
    private static void interruptedRestoreLeavesEverythingAsBefore(
            String backup, String how, java.util.function.IntSupplier interrupt) throws Exception {
        String before = databaseState();
        String routedBefore = routedUpstreams();
        LoadLoop load = new LoadLoop(LB_PORT, "/items");
        int[] interruptExit = {-1};
        int exit = load.around(() -> {
            java.util.concurrent.CompletableFuture<Integer> restore =
                    java.util.concurrent.CompletableFuture.supplyAsync(
                            () -> runtime.relman("restore", "--env", ENVIRONMENT, "--backup", backup, "--yes"));
            Wait.until(
                    "the restore's BackupRestore activity running",
                    Duration.ofMinutes(2),
                    () -> runningActivities().contains("BackupRestore"));
            interruptExit[0] = interrupt.getAsInt();
            return restore.join();
        });
        String after = databaseState();
        String routedAfter = routedUpstreams();
        LoadLoop afterwards = new LoadLoop(LB_PORT, "/items");
        afterwards.around(() -> 0);
        System.out.printf(
                "E2E restore interrupted by %s: interrupt exit %d, restore exit %d; %d requests, %d failed while held;"
                        + " afterwards %d requests, %d failed; database as before: %b; routing as before: %b%n",
                how,
                interruptExit[0],
                exit,
                load.requests(),
                load.failures().size(),
                afterwards.requests(),
                afterwards.failures().size(),
                after.equals(before),
                routedAfter.equals(routedBefore));
        assertThat(interruptExit[0]).as("the interrupt was accepted").isZero();
        assertThat(exit).as("the restore did not complete").isNotZero();
        assertThat(after).as("the database after the interrupted restore").isEqualTo(before);
        assertThat(routedAfter)
                .as("nginx's routing after the interrupted restore")
                .isEqualTo(routedBefore);
        assertThat(load.failures()).allMatch(failure -> failure.startsWith("HTTP 502"));
        assertThat(afterwards.failures()).isEmpty();
        assertEveryReplicaRuns("v2");
    }

    /**
     * {@code bin/relman abort WORKFLOW_ID}, as a release manager runs it: in a process of its own, since two
     * commands in one JVM share the CLI's connections, which the first to end closes.
     */
    private static int abortInItsOwnProcess(String workflowId) {
        try {
            return new ProcessBuilder(E2eRuntime.HOME.resolve("bin/relman").toString(), "abort", workflowId)
                    .inheritIO()
                    .start()
                    .waitFor();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The activity types of the ci release's run that are running now. */
    private static List<String> runningActivities() {
        return runtime
                .client
                .getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace(runtime.client.getOptions().getNamespace())
                                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                        .setWorkflowId(RELEASE_ID)
                                        .build())
                                .build())
                .getPendingActivitiesList()
                .stream()
                .filter(activity -> activity.getState()
                        == io.temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED)
                .map(activity -> activity.getActivityType().getName())
                .toList();
    }

    /** The upstream blocks nginx runs with (nginx -T): what it routes to. */
    private static String routedUpstreams() {
        return E2eRuntime.output("docker", "exec", "shop-ci-lb", "nginx", "-T")
                .lines()
                .filter(line ->
                        line.strip().startsWith("server ") || line.strip().startsWith("upstream "))
                .filter(line -> !line.contains("listen"))
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aMigrationAloneMigratesTheSchemaAndLeavesTheRunningReleaseHealthyAndInPlace() throws Exception {
        runtime.freshStack();
        assertThat(runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v1"))
                .isZero();
        assertThat(schemaRevision()).isEqualTo("0001");

        int exitCode = runtime.relman("migrate", "--env", ENVIRONMENT, "--version", "v2");

        StringBuilder history = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(history, () -> runtime.relman("history", "--env", ENVIRONMENT)))
                .isZero();
        System.out.println(
                "E2E migrate: exit " + exitCode + ", schema now " + schemaRevision() + "; history:\n" + history);
        assertThat(exitCode).isZero();
        assertThat(schemaRevision()).isEqualTo("0002");
        assertThat(stackContainers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "shop-ci-app-1", "relman/shop-app:v1 running",
                        "shop-ci-app-2", "relman/shop-app:v1 running",
                        "shop-ci-app-3", "relman/shop-app:v1 running"));
        assertThat(history.toString()).containsPattern("v2 +succeeded");
        assertThat(runtime.client.newUntypedWorkflowStub(RELEASE_ID).describe().getWorkflowType())
                .isEqualTo("Migration");
    }

    @Test
    void aRollbackPutsThePreviousRecordedReleaseBackUnderLoad() throws Exception {
        freshStackOn("v1"); // v2 is released next, then rolled back to v1
        assertThat(runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v2"))
                .isZero();
        StringBuilder dryRun = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(
                        dryRun, () -> runtime.relman("rollback", "--env", ENVIRONMENT, "--dry-run")))
                .isZero();
        LoadLoop load = new LoadLoop(LB_PORT, "/version");
        int exitCode = load.around(() -> runtime.relman("rollback", "--env", ENVIRONMENT));
        System.out.printf(
                "E2E rollback: exit %d, %d requests during it, %d failed (%d resent after nginx closed a"
                        + " kept-alive connection); schema now %s%n",
                exitCode, load.requests(), load.failures().size(), load.resent(), schemaRevision());

        assertThat(dryRun.toString())
                .contains("rollback of shop on ci from v2 to v1")
                .contains("migrate app down with relman/shop-app:v2: `/app/migrate down v1`");
        assertThat(exitCode).isZero();
        assertThat(load.failures()).isEmpty();
        assertThat(load.versionsSeen()).startsWith("v2").endsWith("v1");
        assertEveryReplicaRuns("v1");
        assertThat(schemaRevision()).isEqualTo("0001");
        assertThat(runtime.client.newUntypedWorkflowStub(RELEASE_ID).describe().getWorkflowType())
                .isEqualTo("Rollback");
    }

    @Test
    void aStartFirstRolloutUnderLoadNeverRunsFewerReplicasThanThePlanAsksFor() throws Exception {
        // The sample's plan, with start-first for the app.
        Path plan = E2eRuntime.planVariant(
                "start-first",
                "    stop_grace_period: 10s",
                "    stop_grace_period: 10s\n    update_order: start-first");
        try {
            freshStackOn("v1");
            int exitCode;
            LoadLoop load = new LoadLoop(LB_PORT, "/version");
            RunningReplicaSampler sampler = new RunningReplicaSampler(runtime.docker);
            try (sampler) {
                exitCode = load.around(
                        () -> runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", "v2"));
            }
            List<ReleaseEvent> events = runtime.client
                    .newWorkflowStub(DeployWorkflow.class, RELEASE_ID)
                    .progress()
                    .events();
            System.out.printf(
                    "E2E start-first: exit %d, %d requests during the v1 -> v2 release, %d failed (%d resent);"
                            + " %d to %d app containers running (3 asked)%n",
                    exitCode, load.requests(), load.failures().size(), load.resent(), sampler.fewest(), sampler.most());

            assertThat(exitCode).isZero();
            assertThat(load.failures()).isEmpty();
            assertThat(sampler.fewest())
                    .as("never fewer than the plan's 3 replicas")
                    .isGreaterThanOrEqualTo(3);
            assertThat(sampler.most()).as("one replica of surge").isEqualTo(4);
            assertThat(events)
                    .extracting(ReleaseEvent::message)
                    .contains(
                            "shop-ci-app-1 serves on as shop-ci-app-1-previous; starting relman/shop-app:v2 as shop-ci-app-1"
                                    + " (1/3) next to it");
            assertEachReplicaReplacedExactlyOnce(
                    runtime.client.newUntypedWorkflowStub(RELEASE_ID).getResult(ReleaseResult.class));
        } finally {
            Files.deleteIfExists(plan);
        }
    }

    @Test
    void aDrainFirstRolloutUnderLoadStopsEachOldReplicaWhileItsSuccessorStartsWithoutAFailedRequest() throws Exception {
        // The sample's plan, with drain-first for the app.
        Path plan = E2eRuntime.planVariant(
                "drain-first",
                "    stop_grace_period: 10s",
                "    stop_grace_period: 10s\n    update_order: drain-first");
        try {
            freshStackOn("v1");
            LoadLoop load = new LoadLoop(LB_PORT, "/version");
            int exitCode =
                    load.around(() -> runtime.relmanWithPlan(plan, "deploy", "--env", ENVIRONMENT, "--version", "v2"));
            List<ReleaseEvent> events = runtime.client
                    .newWorkflowStub(DeployWorkflow.class, RELEASE_ID)
                    .progress()
                    .events();
            System.out.printf(
                    "E2E drain-first: exit %d, %d requests during the v1 -> v2 release, %d failed (%d resent)%n",
                    exitCode, load.requests(), load.failures().size(), load.resent());

            assertThat(exitCode).isZero();
            assertThat(load.failures()).isEmpty();
            assertThat(events)
                    .extracting(ReleaseEvent::message)
                    .contains("drained; stopping it as shop-ci-app-1-previous while relman/shop-app:v2 starts as"
                            + " shop-ci-app-1 (1/3) (drain-first)");
            assertEachReplicaReplacedExactlyOnce(
                    runtime.client.newUntypedWorkflowStub(RELEASE_ID).getResult(ReleaseResult.class));
            assertEveryReplicaRuns("v2");
            for (int index = 1; index <= 3; index++) {
                assertThat(runtime.docker
                                .inspectContainerCmd("shop-ci-app-" + index + "-previous")
                                .exec()
                                .getState()
                                .getRunning())
                        .as("shop-ci-app-%d-previous, kept and stopped", index)
                        .isFalse();
            }
        } finally {
            Files.deleteIfExists(plan);
        }
    }

    @Test
    void aReleaseWithoutMigrationReliesOnABackupYoungerThanTheMaxAgeAndTakesOneOtherwise() throws Exception {
        String migration = "    migration:\n      up: [/app/migrate, up]\n"
                + "      down: [/app/migrate, down, \"{previous_version}\"]   # back to what the release before needs\n";
        String backupDir = "      backup_dir: ../../.relman/backups/ci";
        Path hourly = E2eRuntime.planVariant(
                "no-migration-1h", migration, "", backupDir, backupDir + "\n      max_backup_age: 1h");
        Path strict = E2eRuntime.planVariant(
                "no-migration-1s", migration, "", backupDir, backupDir + "\n      max_backup_age: 1s");
        Path backups = E2eRuntime.HOME.resolve(".relman/backups/ci");
        try {
            freshStackOn("v2"); // its deploy backs the database up, seconds before the releases below
            long dumpsBefore = dumps(backups);
            assertThat(runtime.relmanWithPlan(hourly, "deploy", "--env", ENVIRONMENT, "--version", "v1"))
                    .isZero();
            List<String> relied = backupEvents();
            long dumpsAfterRelying = dumps(backups);
            Pause.of(Duration.ofSeconds(2));
            assertThat(runtime.relmanWithPlan(strict, "deploy", "--env", ENVIRONMENT, "--version", "v2"))
                    .isZero();
            List<String> took = backupEvents();
            System.out.println("E2E backup age: " + relied + " then " + took + "; dumps " + dumpsBefore + " -> "
                    + dumpsAfterRelying + " -> " + dumps(backups));

            assertThat(dumpsAfterRelying).isEqualTo(dumpsBefore);
            assertThat(relied)
                    .anySatisfy(event -> assertThat(event)
                            .startsWith("the newest backup, shop-ci-")
                            .contains("-before-v2, is ")
                            .endsWith("old (max_backup_age 1h): no new one needed"));
            assertThat(dumps(backups)).isEqualTo(dumpsBefore + 1);
            assertThat(took)
                    .anySatisfy(
                            event -> assertThat(event).contains("is older than max_backup_age (1s): taking one now"));
        } finally {
            Files.deleteIfExists(hourly);
            Files.deleteIfExists(strict);
        }
    }

    /** A fresh ci stack whose replicas run {@code version}, released by relman (a worker must be running). */
    private static void freshStackOn(String version) {
        runtime.freshStack();
        assertThat(runtime.relman("deploy", "--env", ENVIRONMENT, "--version", version))
                .as("relman deploy %s on a fresh stack", version)
                .isZero();
    }

    private static long dumps(Path backups) throws java.io.IOException {
        try (var files = Files.list(backups)) {
            return files.filter(file -> file.toString().endsWith(".dump")).count();
        }
    }

    /** What the latest release of ci said in its backup step. */
    private static List<String> backupEvents() {
        return runtime.client.newWorkflowStub(DeployWorkflow.class, RELEASE_ID).progress().events().stream()
                .filter(event -> event.step().equals(ReleaseStep.BACKUP))
                .map(ReleaseEvent::message)
                .toList();
    }

    /** A release from v2 that failed at its first replica: that replica and the migration undone, v2 running. */
    private static void assertUndoneBackToV2(ReleaseFailure failure) {
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .containsExactly(
                        tuple("put shop-ci-app-1 back on v2", Compensation.Outcome.DONE),
                        tuple("migrate app down to what v2 needs", Compensation.Outcome.DONE));
        assertEveryReplicaRuns("v2");
    }

    /** Three v2 replicas running, three v1 ones kept: no replica created twice, none left behind. */
    private static void assertEachReplicaReplacedExactlyOnce(ReleaseResult result) {
        assertThat(result.replicas())
                .extracting(ReplacedReplica::container)
                .containsExactly("shop-ci-app-1", "shop-ci-app-2", "shop-ci-app-3");
        assertThat(stackContainers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "shop-ci-app-1", "relman/shop-app:v2 running",
                        "shop-ci-app-2", "relman/shop-app:v2 running",
                        "shop-ci-app-3", "relman/shop-app:v2 running",
                        "shop-ci-app-1-previous", "relman/shop-app:v1 exited",
                        "shop-ci-app-2-previous", "relman/shop-app:v1 exited",
                        "shop-ci-app-3-previous", "relman/shop-app:v1 exited"));
    }

    /**
     * The sample's warm hook ran once in each new replica, before nginx sent it a request: the replica had served
     * none when the hook asked it (under load, one in the upstream serves within milliseconds), and the event that
     * puts it back in the load balancer comes after. Then the after_rollout hook checked replica 1's version in it.
     */
    private static void assertWarmedOnceBeforeTraffic(List<ReleaseEvent> events) {
        List<String> messages = events.stream().map(ReleaseEvent::message).toList();
        for (int replica = 1; replica <= 3; replica++) {
            String name = "shop-ci-app-" + replica;
            List<Integer> warmed = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i)
                        .matches("before_traffic hook warm in " + name + " ran in \\d+ ms: warmed \\S+"
                                + " \\(v2\\): it had served 0 requests before")) {
                    warmed.add(i);
                }
            }
            String backInNginx = name + " (" + replica + "/3) is back in the load balancer on v2";
            int backIn = messages.indexOf(messages.stream()
                    .filter(message -> message.startsWith(backInNginx))
                    .findFirst()
                    .orElseThrow());
            assertThat(warmed).as("the warm hook's runs in %s", name).hasSize(1);
            assertThat(warmed.get(0)).as("warmed before it is back in nginx").isLessThan(backIn);
        }
        assertThat(messages).noneMatch(message -> message.contains("hook warm") && message.contains("failed"));
        // The after_rollout hook, in replica 1 once all three run v2: its output's last line says what it found.
        assertThat(messages)
                .anyMatch(message -> message.matches("after_rollout hook version-check of app in shop-ci-app-1 ran in"
                        + " \\d+ ms: replica 1 runs v2"));
    }

    private static void assertEveryReplicaRuns(String version) {
        for (int replica = 1; replica <= 3; replica++) {
            InspectContainerResponse container =
                    runtime.docker.inspectContainerCmd("shop-ci-app-" + replica).exec();
            assertThat(container.getConfig().getImage()).isEqualTo("relman/shop-app:" + version);
            assertThat(container.getState().getRunning()).isTrue();
        }
    }

    /** The alembic revision of the ci stack's database. */
    private static String schemaRevision() {
        return psql("SELECT version_num FROM alembic_version");
    }

    /**
     * Revision, every column of every schema but PostgreSQL's own, and the number of items: an
     * independent view of "the same database".
     */
    private static String databaseState() {
        return psql(
                "SELECT (SELECT version_num FROM alembic_version) || ' | ' || (SELECT string_agg(table_schema || '.'"
                        + " || table_name || '.' || column_name, ',' ORDER BY table_schema, table_name, column_name) FROM"
                        + " information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')) || ' | items='"
                        + " || (SELECT count(*) FROM items)");
    }

    private static String psql(String sql) {
        return E2eRuntime.output(
                        "docker",
                        "exec",
                        "-e",
                        "PGPASSWORD=" + E2eRuntime.secrets().get("SHOP_DB_PASSWORD"),
                        "shop-ci-db",
                        "psql",
                        "-U",
                        "shop",
                        "-d",
                        "shop",
                        "-tAc",
                        sql)
                .strip();
    }

    /** The backup the latest release of {@code workflowId} recorded: id, path, sizeBytes, sha256, elapsedMillis. */
    private static Map<String, String> recordedBackup(String workflowId) throws Exception {
        try (Connection db = E2eRuntime.relmanDatabase();
                PreparedStatement query =
                        db.prepareStatement("SELECT backup->>'id', backup->>'path', backup->>'sizeBytes',"
                                + " backup->>'sha256', backup->>'elapsedMillis' FROM releases WHERE workflow_id = ?"
                                + " ORDER BY finished_at DESC LIMIT 1")) {
            query.setString(1, workflowId);
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return Map.of(
                        "id",
                        row.getString(1),
                        "path",
                        row.getString(2),
                        "sizeBytes",
                        row.getString(3),
                        "sha256",
                        row.getString(4),
                        "elapsedMillis",
                        row.getString(5));
            }
        }
    }

    /** Name to "image state" of every container of the ci stack that relman manages. */
    private static Map<String, String> stackContainers() {
        Map<String, String> containers = new HashMap<>();
        for (Container container : runtime.docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(
                        Map.of(ContainerNames.LABEL_PROJECT, "shop", ContainerNames.LABEL_ENVIRONMENT, ENVIRONMENT))
                .exec()) {
            containers.put(container.getNames()[0].substring(1), container.getImage() + " " + container.getState());
        }
        return containers;
    }

    /** {@code relman deploy --version v2 --detach}, and the id of the run it started. */
    private static String deployV2Detached() {
        assertThat(runtime.relman("deploy", "--env", ENVIRONMENT, "--version", "v2", "--detach"))
                .isZero();
        return latestRunId();
    }

    /** The id of the environment's latest release run. */
    private static String latestRunId() {
        return runtime.client
                .newUntypedWorkflowStub(RELEASE_ID)
                .describe()
                .getExecution()
                .getRunId();
    }

    /**
     * Waits until the run has stopped the old replica 2 and is creating or probing its successor: the
     * moments at which a careless retry would leave two containers behind.
     */
    private static ReleaseProgress awaitCreatingReplicaTwo(String runId) {
        DeployWorkflow run = runtime.client.newWorkflowStub(DeployWorkflow.class, RELEASE_ID, Optional.of(runId));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            ReleaseProgress progress = run.progress();
            String last = progress.lastMessage();
            if (progress.replica() == 2
                    && (last.contains("as shop-ci-app-2 (2/3)") || last.startsWith("probing shop-ci-app-2"))) {
                return progress;
            }
            Pause.of(Duration.ofMillis(20));
        }
        throw new AssertionError("the release never started creating replica 2");
    }

    private static long completed(List<HistoryEvent> history, String activityType) {
        Map<Long, String> scheduled = new HashMap<>();
        for (HistoryEvent event : history) {
            if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
                scheduled.put(
                        event.getEventId(),
                        event.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName());
            }
        }
        return history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                .filter(e -> activityType.equals(scheduled.get(
                        e.getActivityTaskCompletedEventAttributes().getScheduledEventId())))
                .count();
    }

    private static List<String> retried(List<HistoryEvent> history) {
        Map<Long, String> scheduled = new HashMap<>();
        history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .forEach(e -> scheduled.put(
                        e.getEventId(),
                        e.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()));
        return history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .filter(e -> e.getActivityTaskStartedEventAttributes().getAttempt() > 1)
                .map(e ->
                        scheduled.get(e.getActivityTaskStartedEventAttributes().getScheduledEventId()) + " (attempt "
                                + e.getActivityTaskStartedEventAttributes().getAttempt() + ")")
                .toList();
    }

    private static String recordedOutcome(String workflowId) throws Exception {
        try (Connection db = E2eRuntime.relmanDatabase();
                PreparedStatement query = db.prepareStatement(
                        "SELECT outcome FROM releases WHERE workflow_id = ? ORDER BY finished_at DESC LIMIT 1")) {
            query.setString(1, workflowId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }
}
