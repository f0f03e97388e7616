package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseResult;
import io.relman.saga.Compensation;
import io.relman.support.Pause;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code update_order: canary} on the real engine, nginx and dev server, under load, as the README tells it,
 * on an environment of its own ("stage", 127.0.0.1:18480): a canary at 10% then 50% (its shares measured from
 * the answers' versions) whose worker is SIGKILLed in a pause; one aborted in its pause; one failed by its
 * analysis. After each undo the stack is compared with what it was before.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryReleaseIT {
    private static final String ENVIRONMENT = "stage";
    private static final int PORT = 18480;
    private static final String RELEASE_ID = "release-shop-" + ENVIRONMENT;
    private static final String CANARY = "shop-stage-app-canary-1";
    /** How long each weight's share is measured: about 3,000 answers here, so a point is about 30 of them. */
    private static final Duration MEASURED = Duration.ofSeconds(8);

    private static final Path PLAN = E2eRuntime.planVariant(
            "canary",
            "  chaos:",
            """
              stage:                              # CanaryReleaseIT's copy, served on 127.0.0.1:18480
                network: shop-stage
                load_balancer:
                  container: shop-stage-lb
                database:
                  container: shop-stage-db
                  name: shop
                  user: shop
                  password_env: SHOP_DB_PASSWORD
                  backup_dir: ../../.relman/backups/stage
                env:
                  PGHOST: shop-stage-db
              chaos:""".indent(2) // the block's first line sets its indentation to none: back under environments
                    .stripTrailing(),
            "    stop_grace_period: 10s\n",
            """
                stop_grace_period: 10s
                update_order: canary
                canary:
                  replicas: 1
                  steps: [{weight: 10}, {pause: {}}, {weight: 50}, {pause: 45s}]
            """);

    /** The same canary judged by its analysis: half the traffic at once, nginx's log read every 5 s. */
    private static final Path ANALYSED = E2eRuntime.planVariant(
            PLAN,
            "canary-analysis",
            "steps: [{weight: 10}, {pause: {}}, {weight: 50}, {pause: 45s}]",
            "steps: [{weight: 50}, {pause: 2m}]\n      analysis: {interval: 5s, max_error_rate: 1%, min_requests: 20}");

    private static E2eRuntime runtime;
    private static WorkerProcess worker;
    private static StageStack stage;

    @BeforeAll
    static void stack() {
        runtime = new E2eRuntime();
        stage = new StageStack(runtime.docker);
        worker = runtime.startWorker("canary");
        E2eRuntime.run(E2eRuntime.HOME.resolve("examples/shop/stack.sh").toString(), "down", ENVIRONMENT);
        E2eRuntime.run(
                E2eRuntime.HOME.resolve("examples/shop/stack.sh").toString(),
                "up",
                ENVIRONMENT,
                Integer.toString(PORT));
        // The first release has no replica to compare a canary with: it is replaced stop-first, as it says.
        assertThat(relman("deploy", "--env", ENVIRONMENT, "--version", "v2")).isZero();
    }

    @AfterAll
    static void removeTheStack() throws InterruptedException {
        worker.close();
        E2eRuntime.run(E2eRuntime.HOME.resolve("examples/shop/stack.sh").toString(), "down", ENVIRONMENT);
    }

    @Test
    @Order(1)
    void aCanaryGetsEachWeightsShareUnderLoadOutlivesItsWorkerAndIsPromotedWithNoFailedRequest() throws Exception {
        LoadLoop load = new LoadLoop(PORT, "/version");
        Map<String, Long> at10;
        Map<String, Long> at50;
        try {
            assertThat(relman("deploy", "--env", ENVIRONMENT, "--version", "v2.1", "--detach"))
                    .isZero();
            awaitStatus("canary paused at 10% until relman promote stage");
            assertThat(runtime.docker
                            .inspectContainerCmd(CANARY)
                            .exec()
                            .getConfig()
                            .getImage())
                    .isEqualTo("relman/shop-app:v2.1");
            at10 = shareOver(load, MEASURED);
            assertThat(relman("promote", ENVIRONMENT)).isZero();
            awaitStatus("canary paused at 50% for 45s");
            // The durable pause outlives its worker: SIGKILL it at once, and a new one takes over before its end.
            worker.kill();
            worker = runtime.startWorker("canary-after-kill");
            at50 = shareOver(load, MEASURED);
            runtime.client.newUntypedWorkflowStub(RELEASE_ID).getResult(5, TimeUnit.MINUTES, ReleaseResult.class);
            Pause.of(Duration.ofSeconds(1));
        } finally {
            load.close();
        }
        List<ReleaseEvent> events = events();
        double pausedSeconds =
                (at(events, "the canary's pause at 50% is over") - at(events, "canary paused at 50%")) / 1000.0;
        double share10 = percent(at10, "v2.1");
        double share50 = percent(at50, "v2.1");
        System.out.printf(
                "E2E canary: v2.1 answered %.1f%% of %d requests at weight 10 and %.1f%% of %d at weight 50;"
                        + " the 45 s pause, its worker SIGKILLed in it, lasted %.1f s;"
                        + " %d requests in all, %d failed (%d resent after a kept-alive close)%n",
                share10,
                total(at10),
                share50,
                total(at50),
                pausedSeconds,
                load.requests(),
                load.failures().size(),
                load.resent());

        assertThat(share10).isBetween(7.0, 13.0);
        assertThat(share50).isBetween(47.0, 53.0);
        assertThat(pausedSeconds)
                .as("the pause ends on time, though its worker was killed")
                .isBetween(44.5, 50.0);
        assertThat(total(at10)).as("enough answers to tell a point").isGreaterThan(500);
        assertThat(load.failures()).isEmpty();
        assertThat(load.versionsSeen()).last().isEqualTo("v2.1");
        assertThat(stage.replicaImages())
                .containsExactly("relman/shop-app:v2.1", "relman/shop-app:v2.1", "relman/shop-app:v2.1");
        assertThat(stage.canaries())
                .as("the canary is removed once every replica runs v2.1")
                .isEmpty();
        assertThat(stage.upstream()).doesNotContain("canary").doesNotContain("weight=");
    }

    @Test
    @Order(2)
    void aCanaryAbortedInItsPauseLeavesTheStackExactlyAsBefore() throws Exception {
        List<String> before = stage.stackNow();
        String upstreamBefore = stage.upstream();
        LoadLoop load = new LoadLoop(PORT, "/version");
        ReleaseFailure failure;
        try {
            assertThat(relman("deploy", "--env", ENVIRONMENT, "--version", "v2", "--detach"))
                    .isZero();
            awaitStatus("canary paused at 10% until relman promote stage");
            assertThat(relman("abort", ENVIRONMENT)).isZero();
            failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
            Pause.of(Duration.ofSeconds(1));
        } finally {
            load.close();
        }
        System.out.printf(
                "E2E canary abort: undo %s; %d requests, %d failed; v2 answered %d of them%n",
                failure.compensations().stream().map(Compensation::line).toList(),
                load.requests(),
                load.failures().size(),
                load.answeredBy().getOrDefault("v2", 0L));

        assertThat(failure.reason()).contains("aborted by");
        assertThat(failure.compensations())
                .extracting(Compensation::action, Compensation::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple(
                        "take the canaries of app out of nginx and remove them", Compensation.Outcome.DONE));
        assertThat(load.answeredBy().getOrDefault("v2", 0L))
                .as("the canary served before the abort")
                .isPositive();
        assertThat(load.failures()).isEmpty();
        assertThat(stage.stackNow())
                .as("the same containers, running, as before")
                .isEqualTo(before);
        assertThat(stage.upstream()).as("nginx routes as before").isEqualTo(upstreamBefore);
        assertThat(stage.canaries()).isEmpty();
    }

    /** What the stage's latest release said. */
    private static List<ReleaseEvent> events() {
        return runtime.client
                .newWorkflowStub(DeployWorkflow.class, RELEASE_ID)
                .progress()
                .events();
    }

    /** When the run first said {@code event} (the start of it), by the workflow's clock. */
    private static long at(List<ReleaseEvent> events, String event) {
        return events.stream()
                .filter(said -> said.message().startsWith(event))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the run never said '" + event + "'"))
                .atMillis();
    }

    @Test
    @Order(3)
    void aCanaryFailingFivePercentOfItsRequestsIsAbortedByItsAnalysisWithinAnIntervalAndChangesNothing()
            throws Exception {
        List<String> before = stage.stackNow();
        String upstreamBefore = stage.upstream();
        LoadLoop load = new LoadLoop(PORT, "/version");
        ReleaseFailure failure;
        try {
            assertThat(runtime.relmanWithPlan(
                            ANALYSED, "deploy", "--env", ENVIRONMENT, "--version", "v3-flaky", "--detach"))
                    .isZero();
            failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID); // waits for the undo to end
            Pause.of(Duration.ofSeconds(1));
        } finally {
            load.close();
        }
        List<ReleaseEvent> events = events();
        double foundAfter = (events.stream()
                                .filter(event -> event.message().contains("the canary's analysis at 50% failed"))
                                .findFirst()
                                .orElseThrow()
                                .atMillis()
                        - at(events, "canary paused at 50%"))
                / 1000.0;
        List<String> canaryErrors = load.failures().stream()
                .filter(failed ->
                        failed.startsWith("HTTP 500") && failed.endsWith("v3-flaky failed this request on purpose"))
                .toList();
        System.out.printf(
                "E2E canary analysis: %s; found %.1f s into the pause (interval 5 s); %d requests, %d failed, all of"
                        + " them the canary's own 500s: %d%n",
                failure.reason().lines().findFirst().orElse(""),
                foundAfter,
                load.requests(),
                load.failures().size(),
                canaryErrors.size());

        assertThat(failure.reason())
                .contains("the canary's analysis at 50% failed")
                .contains("above max_error_rate 1%");
        assertThat(foundAfter).as("within one analysis interval").isLessThanOrEqualTo(5.0 + 2.0);
        assertThat(load.failures()).as("only the canary's own errors").isEqualTo(canaryErrors);
        assertThat(canaryErrors).isNotEmpty();
        assertThat(stage.stackNow())
                .as("the same containers, running, as before")
                .isEqualTo(before);
        assertThat(stage.upstream()).as("nginx routes as before").isEqualTo(upstreamBefore);
        assertThat(stage.canaries()).isEmpty();
    }

    private static int relman(String... args) {
        return runtime.relmanWithPlan(PLAN, args);
    }

    /** Waits until {@code relman status} says {@code what}; what it printed then. */
    private static String awaitStatus(String what) {
        StringBuilder[] printed = new StringBuilder[1];
        Wait.until("relman status " + ENVIRONMENT + " says '" + what + "'", Duration.ofMinutes(3), () -> {
            printed[0] = new StringBuilder();
            E2eRuntime.capturingOutput(printed[0], () -> relman("status", ENVIRONMENT));
            return printed[0].toString().contains(what);
        });
        return printed[0].toString();
    }

    /** The 200 answers by version over {@code window} of the load. */
    private static Map<String, Long> shareOver(LoadLoop load, Duration window) throws InterruptedException {
        Map<String, Long> start = load.answeredBy();
        Pause.of(window);
        Map<String, Long> end = load.answeredBy();
        start.forEach((version, count) -> end.merge(version, -count, Long::sum));
        return end;
    }

    private static long total(Map<String, Long> answers) {
        return answers.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double percent(Map<String, Long> answers, String version) {
        return 100.0 * answers.getOrDefault(version, 0L) / total(answers);
    }
}
