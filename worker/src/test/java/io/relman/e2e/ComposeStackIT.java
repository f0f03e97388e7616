package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.relman.cli.plan.PlanLoader;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.relman.support.Pause;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowStub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stack relman never saw, made with Debian's docker-compose (v1): examples/compose-stack, with its own
 * container names, two HTTP services and a worker without a port, an nginx without curl started with -c
 * on a file of its own, images built elsewhere, and no relman label anywhere. relman init writes its plan;
 * relman releases it under load, undoes a broken release of one service, refuses a plan that names a
 * container that is not the replica it claims, and refuses, before it writes anything, an upstream that
 * another file of nginx's still defines. The figures are printed as "E2E compose ..." lines.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ComposeStackIT {
    private static final String PROJECT = "stack";
    private static final int LB_PORT = 18090;
    private static final Path SOURCE = E2eRuntime.HOME.resolve("examples/compose-stack");
    private static final Path STACK = E2eRuntime.TARGET.resolve("compose-stack");
    private static final String RELEASE_ID = "release-stack-prod";
    private static E2eRuntime runtime;

    @BeforeAll
    static void imagesBuiltElsewhere() {
        runtime = new E2eRuntime();
        // What the stack's CI does; relman releases these images without building them.
        E2eRuntime.run(SOURCE.resolve("build-images.sh").toString(), "v1", "v2", "v3-broken");
    }

    @AfterAll
    static void removeTheStack() {
        compose("down", "-v", "--remove-orphans");
        removeRelmansLeftovers();
    }

    /** The stack as its team starts it: v1 everywhere, web scaled to two. */
    @BeforeEach
    void freshStack() throws IOException {
        compose("down", "-v", "--remove-orphans");
        removeRelmansLeftovers();
        E2eRuntime.run("rm", "-rf", STACK.toString());
        E2eRuntime.run("cp", "-r", SOURCE.toString(), STACK.toString());
        compose("up", "-d", "--scale", "web=2");
        awaitAnswer("/api/version");
        awaitAnswer("/version");
    }

    @Test
    void relmanInitWritesAPlanThatValidatesForAStackItNeverSaw() throws Exception {
        StringBuilder printed = new StringBuilder();
        Path plan = STACK.resolve("relman.yml");
        int exit;
        try (WorkerProcess worker = runtime.startWorker("compose-init")) {
            exit = E2eRuntime.capturingOutput(
                    printed,
                    () -> runtime.relman("init", "--from-compose", PROJECT, "--env", "prod", "--out", plan.toString()));
        }
        System.out.println("E2E compose init: exit " + exit + "; "
                + printed.toString().strip().replace('\n', ' '));

        assertThat(exit).isZero();
        Plan loaded = PlanLoader.load(plan);
        assertThat(loaded.services()).extracting(Service::name).containsExactly("api", "web", "worker");
        assertThat(loaded.service("api").orElseThrow().replicaName(PROJECT, "prod", 2))
                .isEqualTo("stack-api-2");
        assertThat(loaded.service("web").orElseThrow().replicaName(PROJECT, "prod", 1))
                .isEqualTo("stack_web_1");
        assertThat(loaded.service("worker").orElseThrow().servesTraffic()).isFalse();
        assertThat(loaded.environment("prod").orElseThrow().loadBalancer().configDir())
                .isEqualTo("/etc/nginx/upstreams");
        String text = Files.readString(plan);
        // The schema of this checkout, for editors (init finds the checkout above the CLI's classes).
        assertThat(text.lines().findFirst())
                .contains("# yaml-language-server: $schema="
                        + E2eRuntime.HOME.resolve("docs/plan.schema.json").toUri());
        // Both HTTP services answer /health, the first path init asks a running replica from nginx's network.
        assertThat(loaded.service("api").orElseThrow().healthcheck().path()).isEqualTo("/health");
        assertThat(loaded.service("web").orElseThrow().healthcheck().path()).isEqualTo("/health");
        assertThat(text.split("path: /health   # found: GET /health answered 200\n", -1))
                .as("a found health path for api and for web")
                .hasSize(3);
        assertThat(text).doesNotContain("path: /health   # guessed");
        assertThat(printed.toString())
                .contains("nginx needs no change")
                .as("no database: the worker needs nothing in .relman/local.env")
                .doesNotContain("local.env");
    }

    @Test
    void releasingEveryServiceUnderLoadFailsNoRequestAndKeepsWhatComposeGaveEachContainer() throws Exception {
        Map<String, InspectContainerResponse> before = replicas();
        try (WorkerProcess worker = runtime.startWorker("compose-release")) {
            Path plan = initPlan();
            LoadLoop api = new LoadLoop(LB_PORT, "/api/version");
            LoadLoop web = new LoadLoop(LB_PORT, "/version");
            long started = System.nanoTime();
            int exit = web.around(() -> {
                try {
                    return api.around(() -> runtime.relmanWithPlan(plan, "deploy", "--env", "prod", "--version", "v2"));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            Map<String, InspectContainerResponse> after = replicas();
            String composePs = E2eRuntime.output(
                    "docker-compose",
                    "-p",
                    PROJECT,
                    "-f",
                    STACK.resolve("docker-compose.yml").toString(),
                    "ps");
            compose("up", "-d", "--scale", "web=2");
            Map<String, InspectContainerResponse> afterComposeUp = replicas();
            System.out.printf(
                    "E2E compose release: exit %d in %.1f s; %d requests to the api and %d to web through"
                            + " nginx, %d failed; docker-compose up -d afterwards recreated %d container(s)%n",
                    exit,
                    millis / 1000.0,
                    api.requests(),
                    web.requests(),
                    api.failures().size() + web.failures().size(),
                    recreated(after, afterComposeUp));

            assertThat(exit).isZero();
            assertThat(api.failures()).isEmpty();
            assertThat(web.failures()).isEmpty();
            assertThat(api.versionsSeen()).endsWith("v2");
            assertThat(web.versionsSeen()).endsWith("v2");
            assertThat(after.keySet()).isEqualTo(before.keySet());
            for (String name : before.keySet()) {
                InspectContainerResponse old = before.get(name);
                InspectContainerResponse now = after.get(name);
                assertThat(now.getId()).as("%s was replaced", name).isNotEqualTo(old.getId());
                assertThat(now.getConfig().getImage()).as(name).endsWith(":v2");
                assertThat(composeLabels(now))
                        .as("compose's labels of %s", name)
                        .isEqualTo(composeLabels(old));
                assertThat(ownEnv(now)).as("the env compose gave %s", name).isEqualTo(ownEnv(old));
                assertThat(now.getHostConfig().getRestartPolicy())
                        .as(name)
                        .isEqualTo(old.getHostConfig().getRestartPolicy());
                assertThat(mounts(now)).as("volumes of %s", name).isEqualTo(mounts(old));
                assertThat(aliases(now)).as("network aliases of %s", name).isEqualTo(aliases(old));
            }
            assertThat(composePs)
                    .contains("stack-api-1", "stack-api-2", "stack_web_1", "stack_web_2", "stack_worker_1")
                    .doesNotContain("-previous");
            assertThat(recreated(after, afterComposeUp))
                    .as("docker-compose up -d after the release")
                    .isZero();
        }
    }

    /**
     * A release's notifications (issue 27): a webhook that fails its first two tries gets each event once, in
     * order, with the run's Web UI link; a webhook that is down delays no release, measured against a release
     * of the same stack without notifications.
     */
    @Test
    void aWebhookThatFailsTwiceGetsEachEventOnceInOrderAndOneThatIsDownDelaysNoRelease() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (WebhookReceiver receiver = new WebhookReceiver(2);
                WorkerProcess worker = runtime.startWorker(
                        "compose-notify",
                        Map.of(
                                "STACK_WEBHOOK",
                                receiver.url(),
                                "STACK_WEBHOOK_DOWN",
                                "http://127.0.0.1:" + closedPort + "/hook",
                                "RELMAN_SECRETS_ALLOWED",
                                E2eRuntime.workerSettings().get("RELMAN_SECRETS_ALLOWED")
                                        + ",STACK_WEBHOOK,STACK_WEBHOOK_DOWN"))) {
            Path plan = initPlan();
            Path notifying = notifying(plan, "notify-up", "STACK_WEBHOOK");
            Path notifyingNobody = notifying(plan, "notify-down", "STACK_WEBHOOK_DOWN");

            long up = timedRelease(notifying, "v2");
            Wait.until(
                    "both events accepted",
                    Duration.ofMinutes(1),
                    () -> receiver.delivered().size() == 2);
            long down = timedRelease(notifyingNobody, "v1");
            WorkflowExecutionStatus stillTrying =
                    notificationsOfTheLastRun().describe().getStatus();
            long without = timedRelease(plan, "v2");
            List<WebhookReceiver.Post> posts = receiver.posts();
            String runId = posts.get(0).body().path("run_id").asText();
            System.out.printf(
                    "E2E compose notifications: %d POSTs (%s); releases with the webhook failing twice %.1f s, with"
                            + " it down %.1f s, without notifications %.1f s%n",
                    posts.size(),
                    posts.stream().map(post -> post.status() + " " + post.key()).toList(),
                    up / 1000.0,
                    down / 1000.0,
                    without / 1000.0);

            assertThat(receiver.delivered()).as("events accepted, in order").containsExactly("started", "succeeded");
            assertThat(posts).extracting(WebhookReceiver.Post::status).containsExactly(500, 500, 204, 204);
            assertThat(posts.stream().map(WebhookReceiver.Post::key).distinct())
                    .as("one idempotency key per event, the same on each try")
                    .containsExactly(
                            posts.get(0).body().path("workflow_id").asText() + "/" + runId + "/started",
                            posts.get(0).body().path("workflow_id").asText() + "/" + runId + "/succeeded");
            assertThat(posts)
                    .allSatisfy(post -> assertThat(post.body().path("link").asText())
                            .isEqualTo(E2eRuntime.WEB_UI + "/namespaces/" + E2eRuntime.NAMESPACE + "/workflows/"
                                    + post.body().path("workflow_id").asText() + "/" + runId + "/history"))
                    .allSatisfy(post ->
                            assertThat(post.body().path("version").asText()).isEqualTo("v2"))
                    .allSatisfy(post ->
                            assertThat(post.body().path("text").asText()).contains("v2"));
            // What proves that a webhook delays no release: the release was over while its notifications still
            // tried the webhook that is down (for an hour). The wall times vary with the other test classes' load
            // on a 2-core machine (26.6 s against 15.1 s in one CI run), so they are bounded loosely.
            assertThat(stillTrying)
                    .as("the notifications of the release whose webhook is down, once the release was over")
                    .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
            assertThat(Math.max(up, down))
                    .as("a release with a webhook, against one without notifications (%d ms)", without)
                    .isLessThan(without * 2 + 5_000);
        }
    }

    /** The notifications workflow of the latest release of prod, as its story names it. */
    private static WorkflowStub notificationsOfTheLastRun() {
        String told = "webhooks are told of this run's events by workflow ";
        String id = runtime.client.newWorkflowStub(DeployWorkflow.class, RELEASE_ID).progress().events().stream()
                .map(ReleaseEvent::message)
                .filter(message -> message.startsWith(told))
                .map(message -> message.substring(told.length(), message.indexOf(' ', told.length())))
                .findFirst()
                .orElseThrow();
        return runtime.client.newUntypedWorkflowStub(id);
    }

    /** {@code plan} whose environment tells the webhook in worker variable {@code variable} of every event. */
    private static Path notifying(Path plan, String name, String variable) {
        return E2eRuntime.planVariant(
                plan,
                name,
                "  prod:\n",
                "  prod:\n    notify:\n      team:\n        url_env: " + variable
                        + "\n        events: [started, succeeded, failed, undone, undo_incomplete]\n");
    }

    /** A release of every service to {@code version} with {@code plan}, which must succeed; its wall time in ms. */
    private static long timedRelease(Path plan, String version) {
        long started = System.nanoTime();
        assertThat(runtime.relmanWithPlan(plan, "deploy", "--env", "prod", "--version", version))
                .as("release of " + version + " with " + plan.getFileName())
                .isZero();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    @Test
    void aBrokenReleaseOfOneServiceIsUndoneAndTheOtherServicesServersNeverLeaveNginx() throws Exception {
        Map<String, String> before = stackState();
        List<String> apiUpstreams = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                apiUpstreams.add(upstreamFile("api.conf"));
                Pause.of(Duration.ofMillis(50));
            }
        });
        try (WebhookReceiver receiver = new WebhookReceiver(0);
                WorkerProcess worker = runtime.startWorker(
                        "compose-broken",
                        Map.of(
                                "STACK_WEBHOOK",
                                receiver.url(),
                                "RELMAN_SECRETS_ALLOWED",
                                E2eRuntime.workerSettings().get("RELMAN_SECRETS_ALLOWED") + ",STACK_WEBHOOK"))) {
            Path plan = notifying(webOnly(initPlan()), "notify-broken", "STACK_WEBHOOK");
            LoadLoop api = new LoadLoop(LB_PORT, "/api/version");
            LoadLoop web = new LoadLoop(LB_PORT, "/version");
            StringBuilder printed = new StringBuilder();
            sampler.start();
            int exit = web.around(() -> {
                try {
                    return api.around(() -> E2eRuntime.capturingOutput(
                            printed,
                            () -> runtime.relmanWithPlan(plan, "deploy", "--env", "prod", "--version", "v3-broken")));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            sampling.set(false);
            sampler.join();
            ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
            Map<String, String> after = stackState();
            System.out.printf(
                    "E2E compose undo: exit %d; %d requests to the api and %d to web, %d failed; api's"
                            + " upstream sampled %d times, always both servers: %s; stack before %s, after %s%n",
                    exit,
                    api.requests(),
                    web.requests(),
                    api.failures().size() + web.failures().size(),
                    apiUpstreams.size(),
                    apiUpstreams.stream().allMatch(ComposeStackIT::listsBothApiServers),
                    before,
                    after);

            assertThat(exit).isEqualTo(1);
            assertThat(api.failures()).isEmpty();
            assertThat(web.failures()).isEmpty();
            assertThat(after)
                    .as("names, image ids and states of the stack's containers")
                    .isEqualTo(before);
            assertThat(failure.differences()).isEmpty();
            assertThat(failure.fullyUndone()).isTrue();
            assertThat(printed.toString()).contains("Every change was undone: compared with the engine");
            assertThat(apiUpstreams).isNotEmpty().allMatch(ComposeStackIT::listsBothApiServers);
            // The team is told: once each, in order, with the failure and the undo steps.
            Wait.until(
                    "three events accepted",
                    Duration.ofMinutes(1),
                    () -> receiver.delivered().size() == 3);
            assertThat(receiver.delivered()).containsExactly("started", "failed", "undone");
            List<WebhookReceiver.Post> posts = receiver.posts();
            assertThat(posts.get(1).body().path("reason").asText()).isEqualTo(failure.reason());
            assertThat(posts.get(2).body().path("undo_steps"))
                    .hasSize(failure.compensations().size())
                    .allSatisfy(
                            step -> assertThat(step.path("outcome").asText()).isEqualTo("done"));
        }
    }

    /**
     * {@code relman maintenance on|off} on a stack relman did not make: every service with a port answers the
     * page while it is up, a release is refused meanwhile (the page holds the environment's lock), status shows it,
     * and off puts nginx back exactly as it was, the page's container gone.
     */
    @Test
    void aMaintenancePageByHandHoldsTheTrafficAndTheLockUntilItIsTakenDown() throws Exception {
        Map<String, String> before = stackState();
        try (WorkerProcess worker = runtime.startWorker("compose-maintenance")) {
            Path plan = E2eRuntime.planVariant(
                    initPlan(),
                    "maintenance",
                    "  prod:\n",
                    "  prod:\n    maintenance:\n      text: \"Back in a minute\"\n      retry_after: 30s\n",
                    // The api's clients get a page of its own: its container, its Retry-After.
                    "  api:\n",
                    "  api:\n    maintenance:\n      text: \"{api: down}\"\n      retry_after: 10s\n");
            String apiBefore = upstreamFile("api.conf");
            LoadLoop api = new LoadLoop(LB_PORT, "/api/version");
            LoadLoop web = new LoadLoop(LB_PORT, "/version");
            StringBuilder status = new StringBuilder();
            int[] exits = new int[4];
            long[] window = new long[2];
            web.around(() -> {
                try {
                    return api.around(() -> {
                        window[0] = System.nanoTime();
                        exits[0] = runtime.relmanWithPlan(plan, "maintenance", "on", "--env", "prod");
                        Pause.of(Duration.ofSeconds(2));
                        exits[1] = runtime.relmanWithPlan(plan, "deploy", "--env", "prod", "--version", "v2");
                        exits[2] = E2eRuntime.capturingOutput(
                                status, () -> runtime.relmanWithPlan(plan, "status", "prod"));
                        exits[3] = runtime.relmanWithPlan(plan, "maintenance", "off", "--env", "prod");
                        window[1] = System.nanoTime();
                        return 0;
                    });
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            List<String> failed = new ArrayList<>(api.failures());
            failed.addAll(web.failures());
            List<String> inside =
                    new ArrayList<>(api.failuresBetween(api.secondsAt(window[0]), api.secondsAt(window[1]) + 1.0));
            inside.addAll(web.failuresBetween(web.secondsAt(window[0]), web.secondsAt(window[1]) + 1.0));
            boolean pageGone = runtime.docker
                    .listContainersCmd()
                    .withShowAll(true)
                    .withNameFilter(List.of("relman-maintenance-stack-prod"))
                    .exec()
                    .isEmpty();
            // The filter matches by part of the name: the environment's page and the api's own.
            System.out.printf(
                    "E2E compose maintenance by hand: on %d, deploy meanwhile %d, status %d, off %d; %d requests, %d"
                            + " got the page, %d other failures; page container removed: %s%n",
                    exits[0],
                    exits[1],
                    exits[2],
                    exits[3],
                    api.requests() + web.requests(),
                    inside.size(),
                    failed.size() - inside.size(),
                    pageGone);

            assertThat(exits[0]).as("maintenance on").isZero();
            assertThat(exits[1]).as("a release while the page is up").isEqualTo(4);
            assertThat(exits[2]).as("status").isZero();
            assertThat(status.toString()).contains("maintenance page up for api, web");
            assertThat(exits[3]).as("maintenance off").isZero();
            List<String> apiInside = api.failuresBetween(api.secondsAt(window[0]), api.secondsAt(window[1]) + 1.0);
            assertThat(apiInside)
                    .as("api's requests that got its own page")
                    .isNotEmpty()
                    .allMatch(failure ->
                            failure.startsWith("HTTP 503 (Retry-After: 10) at ") && failure.endsWith(": Maintenance"));
            assertThat(inside.subList(apiInside.size(), inside.size()))
                    .as("web's requests that got the environment's page")
                    .isNotEmpty()
                    .allMatch(failure ->
                            failure.startsWith("HTTP 503 (Retry-After: 30) at ") && failure.endsWith(": Maintenance"));
            assertThat(failed).as("failures outside the page's time").hasSameElementsAs(inside);
            assertThat(upstreamFile("api.conf"))
                    .as("api's upstream after off (before: %s)", apiBefore)
                    .doesNotContain("relman-maintenance")
                    .matches(ComposeStackIT::listsBothApiServers);
            assertThat(stackState()).as("the stack's containers").isEqualTo(before);
            assertThat(pageGone).as("the page's container removed").isTrue();
        }
    }

    @Test
    void aPlanNamingAContainerThatIsNotTheReplicaItClaimsIsRefusedBeforeAnythingChanges() throws Exception {
        Map<String, String> before = stackState();
        try (WorkerProcess worker = runtime.startWorker("compose-wrong")) {
            // A plan for web alone whose replicas are named as the api's containers, which run another image.
            String text = Files.readString(webOnly(initPlan()));
            assertThat(text).contains("replica_names: \"stack_web_{n}\"");
            Path plan = Files.writeString(
                    STACK.resolve("wrong.yml"),
                    text.replace("replica_names: \"stack_web_{n}\"", "replica_names: \"stack-api-{n}\""));
            StringBuilder printed = new StringBuilder();
            int exit = E2eRuntime.capturingOutput(
                    printed, () -> runtime.relmanWithPlan(plan, "deploy", "--env", "prod", "--version", "v2"));
            System.out.println("E2E compose wrong container: exit " + exit + "; "
                    + printed.toString()
                            .lines()
                            .filter(line -> line.contains("not the replica"))
                            .findFirst()
                            .orElse(""));

            assertThat(exit).isEqualTo(1);
            assertThat(printed.toString())
                    .contains("stack-api-1 is not the replica of web that the plan means: it runs"
                            + " composeapp/api:v1, not an image of composeapp/web")
                    .contains("Nothing was changed.");
            assertThat(stackState()).isEqualTo(before);
        }
    }

    @Test
    void anUpstreamStillInASecondFileOfTheIncludedDirectoryIsRefusedBeforeAnythingChanges() throws Exception {
        // relman init's advice followed halfway: web's upstream sits in the directory nginx includes, but in a
        // file of another name, so relman's web.conf would define it a second time.
        Path upstreams = STACK.resolve("nginx/upstreams");
        Files.move(upstreams.resolve("web.conf"), upstreams.resolve("legacy.conf"));
        E2eRuntime.run("docker", "kill", "--signal", "HUP", "stack-lb");
        awaitAnswer("/version");
        Map<String, String> before = stackState();
        try (WorkerProcess worker = runtime.startWorker("compose-halfway")) {
            Path plan = webOnly(initPlan());
            StringBuilder printed = new StringBuilder();
            int exit = E2eRuntime.capturingOutput(
                    printed, () -> runtime.relmanWithPlan(plan, "deploy", "--env", "prod", "--version", "v2"));
            ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
            String files = E2eRuntime.output("docker", "exec", "stack-lb", "ls", "/etc/nginx/upstreams");
            String test = E2eRuntime.output("docker", "exec", "stack-lb", "nginx", "-c", "/etc/nginx/stack.conf", "-t");
            System.out.println("E2E compose halfway upstream: exit " + exit + "; "
                    + printed.toString()
                            .lines()
                            .filter(line -> line.contains("duplicate upstream"))
                            .findFirst()
                            .orElse("")
                    + "; files in /etc/nginx/upstreams: " + files.strip().replace('\n', ' '));

            assertThat(exit).isEqualTo(1);
            assertThat(printed.toString())
                    .contains("nginx in stack-lb loads upstream web from /etc/nginx/upstreams/legacy.conf, and relman"
                            + " writes it to /etc/nginx/upstreams/web.conf, which nginx would refuse as a duplicate"
                            + " upstream: move `upstream web {...}` out of /etc/nginx/upstreams/legacy.conf into"
                            + " /etc/nginx/upstreams/web.conf, a file of its own that nginx includes (include"
                            + " /etc/nginx/upstreams/*.conf; inside http {})")
                    .contains("Nothing was changed.");
            assertThat(failure.compensations()).isEmpty();
            assertThat(files.lines().toList()).containsExactlyInAnyOrder("api.conf", "legacy.conf");
            assertThat(test).contains("test is successful");
            assertThat(stackState()).isEqualTo(before);
        }
    }

    /** relman init's plan for the stack, with a worker that counts as up after 3 s instead of the 10 s guessed. */
    private static Path initPlan() throws IOException {
        Path plan = STACK.resolve("relman.yml");
        assertThat(runtime.relman("init", "--from-compose", PROJECT, "--env", "prod", "--out", plan.toString()))
                .isZero();
        return Files.writeString(plan, Files.readString(plan).replace("min_uptime: 10s", "min_uptime: 3s"));
    }

    /** The plan with its web service only: releasing it must not touch the api's upstream. */
    private static Path webOnly(Path plan) throws IOException {
        String text = Files.readString(plan);
        String services = text.substring(text.indexOf("services:\n"));
        String web = services.substring(services.indexOf("  web:\n"), services.indexOf("  worker:\n"));
        return Files.writeString(
                STACK.resolve("web-only.yml"), text.substring(0, text.indexOf("services:\n")) + "services:\n" + web);
    }

    private static boolean listsBothApiServers(String upstream) {
        return upstream.contains("server stack-api-1:8000") && upstream.contains("server stack-api-2:8000");
    }

    /** The upstream file in nginx, read through the Docker API (nginx has no tool to read it with). */
    private static String upstreamFile(String file) {
        try (InputStream stream = runtime.docker
                        .copyArchiveFromContainerCmd("stack-lb", "/etc/nginx/upstreams/" + file)
                        .exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(stream)) {
            tar.getNextEntry();
            return new String(tar.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every container of the stack: name to "image id, running". */
    private static Map<String, String> stackState() {
        Map<String, String> state = new TreeMap<>();
        for (Container container : stackContainers()) {
            state.put(container.getNames()[0].substring(1), container.getImageId() + " " + container.getState());
        }
        return state;
    }

    /** The replicas of the stack's services, by name (nginx and relman's kept copies excepted). */
    private static Map<String, InspectContainerResponse> replicas() {
        Map<String, InspectContainerResponse> replicas = new TreeMap<>();
        for (Container container : stackContainers()) {
            String name = container.getNames()[0].substring(1);
            if (!name.equals("stack-lb") && !name.endsWith("-previous")) {
                replicas.put(name, runtime.docker.inspectContainerCmd(name).exec());
            }
        }
        return replicas;
    }

    private static List<Container> stackContainers() {
        return runtime.docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", PROJECT))
                .exec();
    }

    private static long recreated(
            Map<String, InspectContainerResponse> before, Map<String, InspectContainerResponse> after) {
        return before.keySet().stream()
                .filter(name -> !after.containsKey(name)
                        || !after.get(name).getId().equals(before.get(name).getId()))
                .count();
    }

    private static Map<String, String> composeLabels(InspectContainerResponse container) {
        return container.getConfig().getLabels().entrySet().stream()
                .filter(label -> label.getKey().startsWith("com.docker.compose."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    /** The variables compose set (the image's own, which change with the version, left out). */
    private static List<String> ownEnv(InspectContainerResponse container) {
        return Arrays.stream(container.getConfig().getEnv())
                .filter(entry ->
                        !entry.startsWith("APP_VERSION=") && !entry.startsWith("ROLE=") && !entry.startsWith("PATH="))
                .sorted()
                .toList();
    }

    private static List<String> mounts(InspectContainerResponse container) {
        return container.getMounts().stream()
                .map(mount -> mount.getName() + ":" + mount.getDestination().getPath())
                .sorted()
                .toList();
    }

    /** Its aliases on the stack's network, its own short id (a new container has a new one) left out. */
    private static List<String> aliases(InspectContainerResponse container) {
        List<String> aliases = container
                .getNetworkSettings()
                .getNetworks()
                .get("stack_default")
                .getAliases();
        return aliases.stream()
                .filter(alias -> !container.getId().startsWith(alias))
                .sorted()
                .toList();
    }

    private static void compose(String... arguments) {
        Path file = Files.exists(STACK.resolve("docker-compose.yml"))
                ? STACK.resolve("docker-compose.yml")
                : SOURCE.resolve("docker-compose.yml");
        E2eRuntime.compose(Map.of(), PROJECT, file, arguments);
    }

    /** relman's probe sidecar and kept copies are not compose's: compose down leaves them. */
    private static void removeRelmansLeftovers() {
        for (Container container :
                runtime.docker.listContainersCmd().withShowAll(true).exec()) {
            String name = container.getNames()[0].substring(1);
            if (name.equals("relman-probe-stack-lb") || (name.startsWith("stack") && name.endsWith("-previous"))) {
                runtime.docker
                        .removeContainerCmd(container.getId())
                        .withForce(true)
                        .exec();
            }
        }
    }

    private static void awaitAnswer(String path) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient()
                        .send(
                                java.net.http.HttpRequest.newBuilder(
                                                java.net.URI.create("http://127.0.0.1:" + LB_PORT + path))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // nginx or a replica is still starting.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Pause.of(Duration.ofMillis(200));
        }
        throw new AssertionError("the compose stack does not answer " + path + " on 127.0.0.1:" + LB_PORT);
    }
}
