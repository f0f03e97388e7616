package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import io.relman.cli.plan.PlanLoader;
import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.Plan;
import io.relman.plan.ReleaseStep;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseEvent;
import io.relman.release.ReleaseFailure;
import io.temporal.api.history.v1.HistoryEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real app's first day with relman: Miniflux (the Go module miniflux.app/v2, which nobody here wrote), two of
 * its released versions whose schemas differ built by examples/miniflux/build-images.sh, run as its users run
 * it (docker-compose v1, three replicas with --scale, every setting in compose's environment, nginx in front,
 * PostgreSQL where the app's role owns its database but may not create databases). Then, only with what the
 * docs say (docs/own-stack.md): relman init, the edits its plan asks for, the user's local.env, a deploy
 * 2.2.15 -> 2.3.0 under load (Miniflux migrates with {@code miniflux -migrate}), a broken release undone, a
 * rollback with --restore-db to 2.2.15 (what ran before relman's first release), a backup and a drill. The
 * figures are printed as "E2E realapp ..." lines.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class RealAppIT {
    private static final String PROJECT = "miniflux";
    private static final String ENV = "prod";
    /** The maintenance page's text; its page's title is what a load client sees of it. */
    private static final String PAGE_TEXT = "Miniflux is being upgraded: back in a minute.";
    /** What a request that got the maintenance page failed with, as LoadLoop records it. */
    private static final String PAGE_ANSWER = "HTTP 503 (Retry-After: 30) at ";

    private static final int LB_PORT = 18100;
    private static final String BEFORE_RELMAN = "2.2.15";
    private static final String NEXT = "2.3.0";
    /** 2.3.0 listening on its container's loopback: it migrates and starts, and no probe from outside reaches it. */
    private static final String BROKEN = "2.3.0-broken";
    /** Miniflux's schema_version after each version's migrations (len(migrations) in its source). */
    private static final Map<String, String> SCHEMA = Map.of(BEFORE_RELMAN, "121", NEXT, "129");

    private static final Path SOURCE = E2eRuntime.HOME.resolve("examples/miniflux");
    private static final Path STACK = E2eRuntime.TARGET.resolve("miniflux");
    /** The stack's backup directory, as init names it: none of relman's allowed paths, so local.env adds it. */
    private static final Path BACKUPS = Path.of("/var/lib/relman/backups/miniflux-prod");
    /** The user's .relman/local.env, a file of this test's own (the runtime's is the user's). */
    private static final Path LOCAL_ENV = E2eRuntime.TARGET.resolve("miniflux-local.env");

    private static final String RELEASE_ID = "release-miniflux-prod";
    private static final String DB = PROJECT + "_db_1";
    private static final String ADMIN_PASSWORD_ENV = "MINIFLUX_DB_ADMIN_PASSWORD";
    private static final String SUPERUSER_PASSWORD = secret();
    private static final String APP_DB_PASSWORD = secret();
    private static final String APP_ADMIN_PASSWORD = secret();
    private static final List<String> WRITTEN_BEFORE_RELMAN =
            List.of("before-relman-1", "before-relman-2", "before-relman-3");
    private static final String WRITTEN_ON_NEXT = "written-on-2.3.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static E2eRuntime runtime;
    private static DockerExec exec;

    @BeforeAll
    static void imagesBuiltByTheStacksCi() throws Exception {
        runtime = new E2eRuntime();
        exec = E2eRuntime.localEngines(runtime.docker).on(Host.LOCAL).exec();
        // Built from the Go module proxy into .relman/cache: minutes on a machine that never built it, then
        // about a second. A build can take longer than E2eRuntime.run's 3 minutes, so not through it.
        Process build = new ProcessBuilder(SOURCE.resolve("build-images.sh").toString(), BEFORE_RELMAN, NEXT, BROKEN)
                .directory(E2eRuntime.HOME.toFile())
                .inheritIO()
                .start();
        assertThat(build.waitFor(10, TimeUnit.MINUTES))
                .as("build-images.sh finished")
                .isTrue();
        assertThat(build.exitValue()).as("build-images.sh's exit code").isZero();
        stack("down");
        E2eRuntime.run("rm", "-rf", STACK.toString(), BACKUPS.toString());
        E2eRuntime.forgetReleasesOf(PROJECT, ENV);
        E2eRuntime.run("cp", "-r", SOURCE.toString(), STACK.toString());
        stack("up");
    }

    @AfterAll
    static void removeTheStack() throws IOException {
        stack("down");
        E2eRuntime.run("rm", "-rf", BACKUPS.toString());
        Files.deleteIfExists(LOCAL_ENV);
    }

    @Test
    void aRealAppsFirstDayDeployBrokenReleaseRollbackToWhatRanBeforeRelmanBackupAndDrill() throws Exception {
        // The app's users have data before relman ever comes near it.
        String token = apiToken();
        WRITTEN_BEFORE_RELMAN.forEach(RealAppIT::createCategory);
        Map<String, String> stackBeforeRelman = stackState();

        Path plan = STACK.resolve("relman.yml");
        Map<String, String> local;
        try (WorkerProcess worker = runtime.startWorker("realapp-init")) {
            local = init(plan);
        }
        // The lines init printed, with the role's password in place of its placeholder; applied as
        // scripts/setup.sh applies them: the worker restarts.
        LocalEnv.write(LOCAL_ENV, local);
        try (WorkerProcess worker = runtime.startWorker("realapp-refused", LocalEnv.workerEnvironment(LOCAL_ENV))) {
            // Without CREATEDB the role cannot make the scratch database a restore needs: refused before anything.
            StringBuilder refused = new StringBuilder();
            int exit = E2eRuntime.capturingOutput(
                    refused, () -> runtime.relmanWithPlan(plan, "deploy", "--env", ENV, "--version", NEXT));
            System.out.println("E2E realapp refusal: exit " + exit + "; "
                    + refused.toString()
                            .lines()
                            .filter(line -> line.contains("CREATEDB"))
                            .findFirst()
                            .orElse(refused.toString().strip()));
            assertThat(exit).isEqualTo(1);
            assertThat(refused.toString()).contains("ALTER ROLE miniflux CREATEDB", "database.admin_user");
            assertThat(stackState()).as("the stack after the refusal").isEqualTo(stackBeforeRelman);
            assertThat(schemaVersion()).isEqualTo(SCHEMA.get(BEFORE_RELMAN));
        }

        // As the message says: PostgreSQL's superuser of that container does what the role may not.
        Files.writeString(
                plan,
                Files.readString(plan)
                        .replaceFirst(
                                "(?m)^(      password_env: .*\\n)",
                                "$1      admin_user: postgres\n      admin_password_env: " + ADMIN_PASSWORD_ENV
                                        + "\n"));
        local.put(ADMIN_PASSWORD_ENV, SUPERUSER_PASSWORD);
        local.merge("RELMAN_SECRETS_ALLOWED", ADMIN_PASSWORD_ENV, (listed, added) -> listed + "," + added);
        LocalEnv.write(LOCAL_ENV, local);
        try (WorkerProcess worker = runtime.startWorker("realapp", LocalEnv.workerEnvironment(LOCAL_ENV))) {
            assertThat(runtime.relmanWithPlan(plan, "validate")).isZero();
            deployUnderLoad(plan, token);
            String beforeTheBrokenRelease = stackState().toString();
            brokenReleaseUndone(plan, token, beforeTheBrokenRelease);
            rollbackToWhatRanBeforeRelman(plan, token);
            backupAndDrill(plan);
        }
    }

    /**
     * relman init's plan, with the edits a user makes after reading it (Miniflux's migration command, a shorter
     * health deadline, a drill check); the local.env lines init printed, the password filled in.
     */
    private static Map<String, String> init(Path plan) throws IOException {
        StringBuilder printed = new StringBuilder();
        int exit = E2eRuntime.capturingOutput(
                printed,
                () -> runtime.relman("init", "--from-compose", PROJECT, "--env", ENV, "--out", plan.toString()));
        String written = Files.readString(plan);
        System.out.println("E2E realapp init: exit " + exit + "; its plan:\n" + written);
        assertThat(exit).isZero();
        assertThat(written).startsWith("# yaml-language-server");
        assertThat(written).contains("replica_names: \"miniflux_web_{n}\"");
        assertThat(written)
                .as("the health path init found on a replica")
                .containsPattern("(?m)^      path: \"?/healthz\"?   # found: GET /healthz answered 200");
        Database database = PlanLoader.load(plan).environment(ENV).orElseThrow().database();
        assertThat(database.container()).isEqualTo(DB);
        assertThat(database.name()).isEqualTo("miniflux");
        assertThat(database.user()).as("the role of the app's DATABASE_URL").isEqualTo("miniflux");
        assertThat(database.backupDir()).isEqualTo(BACKUPS.toString());

        Map<String, String> local = LocalEnv.linesInitPrinted(printed.toString());
        assertThat(local)
                .containsEntry("RELMAN_SECRETS_ALLOWED", database.passwordEnv())
                .containsEntry("RELMAN_PATHS_ALLOWED", BACKUPS.toString())
                .containsKey(database.passwordEnv());
        local.put(database.passwordEnv(), APP_DB_PASSWORD);

        Files.writeString(
                plan,
                written.replaceFirst(
                                "(?m)^(      backup_dir: .*\\n)",
                                "$1      backup:\n        drill_check: \"SELECT 1 / (count(*) = 3)::int FROM categories"
                                        + " WHERE title LIKE 'before-relman-%'\"\n")
                        // Miniflux migrates its own schema; it has no down migration (an undo restores the backup).
                        .replaceFirst(
                                "(?m)^  web:\\n", "  web:\n    migration:\n      up: [/usr/bin/miniflux, -migrate]\n")
                        // A replica that never gets healthy fails the release after 20 s instead of 60 s; one
                        // that passed is watched 10 s more while the rollout goes on (docs/plan.md).
                        .replaceFirst("(?m)^(      path: .*\\n)", "$1      deadline: 20s\n      monitor: 10s\n")
                        // Readers get a page, not errors, while Miniflux migrates (docs/maintenance.md).
                        .replaceFirst(
                                "(?m)^(    network: .*\\n)",
                                "$1    maintenance:\n      text: \"" + PAGE_TEXT + "\"\n      retry_after: 30s\n"));
        Plan edited = PlanLoader.load(plan);
        assertThat(edited.service("web").orElseThrow().replicas()).isEqualTo(3);
        assertThat(edited.service("web").orElseThrow().migration().up())
                .containsExactly("/usr/bin/miniflux", "-migrate");
        assertThat(edited.environment(ENV).orElseThrow().maintenance().steps()).containsExactly("migrate");
        return local;
    }

    private static void deployUnderLoad(Path plan, String token) throws Exception {
        Map<String, String> before = replicaIds();
        LoadLoop version = new LoadLoop(LB_PORT, "/v1/version", Map.of("X-Auth-Token", token));
        LoadLoop categories = new LoadLoop(LB_PORT, "/v1/categories", Map.of("X-Auth-Token", token));
        long started = System.nanoTime();
        int exit = underLoad(
                version, categories, () -> runtime.relmanWithPlan(plan, "deploy", "--env", ENV, "--version", NEXT));
        System.out.printf(
                "E2E realapp deploy %s -> %s: exit %d in %.1f s; %d requests through nginx, %d failed %s; versions"
                        + " seen %s; schema %s%n",
                BEFORE_RELMAN,
                NEXT,
                exit,
                (System.nanoTime() - started) / 1e9,
                version.requests() + categories.requests(),
                version.failures().size() + categories.failures().size(),
                failures(version, categories),
                version.versionsSeen(),
                schemaVersion());
        PageWindows page = PageWindows.of(runtime, RELEASE_ID, "deploy", PAGE_ANSWER, version, categories);
        assertThat(exit).isZero();
        assertLastReplicaWatched();
        assertThat(page.count()).as("maintenance windows: the migration's").isEqualTo(1);
        assertThat(page.answeredInside())
                .as("requests that got the page while Miniflux migrated")
                .isPositive();
        assertThat(page.outside()).isEmpty();
        assertThat(version.versionsSeen()).startsWith(BEFORE_RELMAN).endsWith(NEXT);
        assertThat(schemaVersion()).isEqualTo(SCHEMA.get(NEXT));
        Map<String, String> after = replicaIds();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        after.forEach((name, id) -> assertThat(id).as("%s was replaced", name).isNotEqualTo(before.get(name)));
        assertThat(replicaImages())
                .containsOnlyKeys(before.keySet())
                .allSatisfy((name, image) -> assertThat(image).isEqualTo(imageId(NEXT)));
        createCategory(WRITTEN_ON_NEXT);
    }

    /** Each replica was watched 10 s once it passed, and the rollout ended only when the last watch did. */
    private static void assertLastReplicaWatched() {
        List<ReleaseEvent> events = runtime.client
                .newWorkflowStub(DeployWorkflow.class, RELEASE_ID)
                .progress()
                .events();
        List<ReleaseEvent> watched = events.stream()
                .filter(event -> event.message().contains("watched for 10s while the rollout goes on"))
                .toList();
        assertThat(watched).as("every replica watched").hasSize(3);
        long lastPassed = watched.get(2).atMillis();
        long rolloutEnded = events.stream()
                .filter(event -> event.atMillis() >= lastPassed && event.step() != ReleaseStep.ROLLOUT)
                .findFirst()
                .orElseThrow()
                .atMillis();
        System.out.printf(
                "E2E realapp monitor: 3 replicas watched; the rollout ended %.1f s after the last passed%n",
                (rolloutEnded - lastPassed) / 1000.0);
        assertThat(rolloutEnded - lastPassed)
                .as("the last replica's 10 s watch, after it passed")
                .isGreaterThanOrEqualTo(9_500);
    }

    private static void brokenReleaseUndone(Path plan, String token, String before) throws Exception {
        LoadLoop version = new LoadLoop(LB_PORT, "/v1/version", Map.of("X-Auth-Token", token));
        LoadLoop categories = new LoadLoop(LB_PORT, "/v1/categories", Map.of("X-Auth-Token", token));
        StringBuilder printed = new StringBuilder();
        Instant started = Instant.now();
        int exit = underLoad(
                version,
                categories,
                () -> E2eRuntime.capturingOutput(
                        printed, () -> runtime.relmanWithPlan(plan, "deploy", "--env", ENV, "--version", BROKEN)));
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, RELEASE_ID);
        String after = stackState().toString();
        System.out.printf(
                "E2E realapp broken release %s: exit %d in %.1f s, failed at %s; %d requests, %d failed %s; rows"
                        + " written on %s kept: %s; undo steps %s; stack (name: id, image, state) as before: %s%n",
                BROKEN,
                exit,
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                failure.step(),
                version.requests() + categories.requests(),
                version.failures().size() + categories.failures().size(),
                failures(version, categories),
                NEXT,
                categoryTitles().contains(WRITTEN_ON_NEXT),
                failure.compensations(),
                after.equals(before));
        RestoreWindows undoWindows = restoreWindows("broken release's undo", categories, version);
        assertThat(undoWindows.count())
                .as("restores in the undo: the schema did not change")
                .isZero();
        PageWindows page = PageWindows.of(runtime, RELEASE_ID, "broken release", PAGE_ANSWER, version, categories);
        assertThat(exit).isEqualTo(1);
        // The migration's only: its undo had nothing to do (no down migration, the schema is the backup's), so the
        // page did not go up again for it.
        assertThat(page.count()).as("maintenance windows: the migration's").isEqualTo(1);
        assertThat(page.outside()).isEmpty();
        assertThat(after).as("every container of the stack: id, image, state").isEqualTo(before);
        assertThat(failure.fullyUndone()).as(failure.toString()).isTrue();
        assertThat(schemaVersion()).isEqualTo(SCHEMA.get(NEXT));
    }

    private static void rollbackToWhatRanBeforeRelman(Path plan, String token) throws Exception {
        // What a user reads first: the baseline (what ran before relman's first release) is in it.
        System.out.println("E2E realapp history before the rollback:");
        runtime.relmanWithPlan(plan, "history", "--env", ENV);
        LoadLoop version = new LoadLoop(LB_PORT, "/v1/version", Map.of("X-Auth-Token", token));
        LoadLoop categories = new LoadLoop(LB_PORT, "/v1/categories", Map.of("X-Auth-Token", token));
        Instant started = Instant.now();
        int exit = underLoad(
                version,
                categories,
                () -> runtime.relmanWithPlan(plan, "rollback", "--env", ENV, "--to", BEFORE_RELMAN, "--restore-db"));
        List<String> titles = categoryTitles();
        System.out.printf(
                "E2E realapp rollback to %s --restore-db: exit %d in %.1f s; %d requests, %d failed %s; schema %s;"
                        + " categories %s%n",
                BEFORE_RELMAN,
                exit,
                Duration.between(started, Instant.now()).toMillis() / 1000.0,
                version.requests() + categories.requests(),
                version.failures().size() + categories.failures().size(),
                failures(version, categories),
                schemaVersion(),
                titles);
        RestoreWindows windows = restoreWindows("rollback", categories, version);
        PageWindows page = PageWindows.of(runtime, RELEASE_ID, "rollback", PAGE_ANSWER, version, categories);
        assertThat(exit).isZero();
        assertThat(windows.count()).as("restores in the rollback --restore-db").isEqualTo(1);
        // The restore runs in the migrate step, under the page: readers got the page, and nothing failed otherwise.
        assertThat(page.count()).as("maintenance windows: the schema step's").isEqualTo(1);
        assertThat(page.outside()).isEmpty();
        assertThat(windows.failedInside()).allMatch(failure -> failure.startsWith(PAGE_ANSWER));
        assertThat(windows.longestSeconds()).as("the restore window, s").isLessThan(15.0);
        assertThat(replicaImages())
                .as("the replicas")
                .hasSize(3)
                .allSatisfy((name, image) -> assertThat(image).isEqualTo(imageId(BEFORE_RELMAN)));
        assertThat(replicasRunning()).isTrue();
        assertThat(schemaVersion()).isEqualTo(SCHEMA.get(BEFORE_RELMAN));
        assertThat(titles).containsAll(WRITTEN_BEFORE_RELMAN);
        assertThat(titles)
                .as("a row written after the backup that was restored")
                .doesNotContain(WRITTEN_ON_NEXT);
        assertThat(version.versionsSeen()).endsWith(BEFORE_RELMAN);
    }

    private static void backupAndDrill(Path plan) throws Exception {
        StringBuilder backup = new StringBuilder();
        int backupExit =
                E2eRuntime.capturingOutput(backup, () -> runtime.relmanWithPlan(plan, "backup", "now", "--env", ENV));
        StringBuilder drill = new StringBuilder();
        int drillExit =
                E2eRuntime.capturingOutput(drill, () -> runtime.relmanWithPlan(plan, "backup", "drill", "--env", ENV));
        System.out.println("E2E realapp backup now: exit " + backupExit + "; drill: exit " + drillExit + "; "
                + drill.toString().strip().replace('\n', ' '));
        assertThat(backupExit).as(backup.toString()).isZero();
        assertThat(drillExit).as(drill.toString()).isZero();
        assertThat(sql("SELECT count(*) FROM pg_database WHERE datname LIKE 'relman_%'"))
                .as("scratch databases left")
                .isEqualTo("0");
    }

    /** Runs {@code command} in the middle of both loads; its exit code. */
    private static int underLoad(LoadLoop first, LoadLoop second, IntSupplier command) throws InterruptedException {
        return LoadLoop.both(first, second, command);
    }

    private static List<String> failures(LoadLoop... loads) {
        List<String> all = new ArrayList<>();
        for (LoadLoop load : loads) {
            all.addAll(load.failures());
        }
        return all.size() > 10 ? all.subList(0, 10) : all;
    }

    /**
     * Each restore the run did (its activity's time in the history, from scheduled to closed) and the requests
     * that failed meanwhile, printed; times count from each load's start. Returns the failures inside the
     * windows, and how many windows there were and the longest, for the caller to assert.
     */
    private static RestoreWindows restoreWindows(String what, LoadLoop... loads) {
        Map<Long, String> types = new HashMap<>();
        Map<Long, Instant> opened = new HashMap<>();
        List<String> inWindows = new ArrayList<>();
        int windows = 0;
        double longest = 0;
        for (HistoryEvent event :
                runtime.client.fetchHistory(RELEASE_ID).getHistory().getEventsList()) {
            Instant at = Instant.ofEpochSecond(
                    event.getEventTime().getSeconds(), event.getEventTime().getNanos());
            if (event.hasActivityTaskScheduledEventAttributes()) {
                String type = event.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName();
                if (type.startsWith("Backup") && (type.contains("Restore") || type.contains("PutBack"))) {
                    types.put(event.getEventId(), type);
                    opened.put(event.getEventId(), at);
                }
                continue;
            }
            long scheduled = closedActivity(event);
            if (!types.containsKey(scheduled)) {
                continue;
            }
            windows++;
            longest = Math.max(longest, seconds(opened.get(scheduled), at));
            List<String> failed = new ArrayList<>();
            for (LoadLoop load : loads) {
                failed.addAll(
                        load.failuresBetween(load.secondsAt(opened.get(scheduled)) - 0.5, load.secondsAt(at) + 0.5));
            }
            inWindows.addAll(failed);
            System.out.printf(
                    "E2E realapp restore window of the %s: %s from +%.2f s to +%.2f s (%.2f s): %d failed requests"
                            + " %s%n",
                    what,
                    types.get(scheduled),
                    seconds(loads[0].startedAt(), opened.get(scheduled)),
                    seconds(loads[0].startedAt(), at),
                    seconds(opened.get(scheduled), at),
                    failed.size(),
                    failed);
        }
        if (windows == 0) {
            System.out.println("E2E realapp restore window of the " + what + ": none, no restore ran");
        }
        return new RestoreWindows(windows, longest, inWindows);
    }

    /** The restores a run did: how many, the longest in seconds, and the requests that failed during them. */
    private record RestoreWindows(int count, double longestSeconds, List<String> failedInside) {}

    /** The scheduled event id of the activity {@code event} closes, or -1. */
    private static long closedActivity(HistoryEvent event) {
        if (event.hasActivityTaskCompletedEventAttributes()) {
            return event.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        }
        if (event.hasActivityTaskFailedEventAttributes()) {
            return event.getActivityTaskFailedEventAttributes().getScheduledEventId();
        }
        if (event.hasActivityTaskTimedOutEventAttributes()) {
            return event.getActivityTaskTimedOutEventAttributes().getScheduledEventId();
        }
        return -1;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Every container of the compose project: name to "id image-id state". */
    private static Map<String, String> stackState() {
        Map<String, String> state = new TreeMap<>();
        for (Container container : stackContainers()) {
            state.put(
                    container.getNames()[0].substring(1),
                    container.getId() + " " + container.getImageId() + " " + container.getState());
        }
        return state;
    }

    private static Map<String, String> replicaIds() {
        Map<String, String> ids = new TreeMap<>();
        for (Container container : replicas()) {
            ids.put(container.getNames()[0].substring(1), container.getId());
        }
        return ids;
    }

    private static Map<String, String> replicaImages() {
        Map<String, String> images = new TreeMap<>();
        for (Container container : replicas()) {
            images.put(container.getNames()[0].substring(1), container.getImageId());
        }
        return images;
    }

    private static boolean replicasRunning() {
        return replicas().stream().allMatch(container -> container.getState().equals("running"));
    }

    /** The web service's replicas, relman's kept copies ({@code -previous}) left out. */
    private static List<Container> replicas() {
        return stackContainers().stream()
                .filter(container -> container.getNames()[0].matches("/miniflux_web_\\d+"))
                .toList();
    }

    private static List<Container> stackContainers() {
        return runtime.docker
                .listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", PROJECT))
                .exec();
    }

    private static String imageId(String version) {
        return runtime.docker
                .inspectImageCmd("local/miniflux:" + version)
                .exec()
                .getId();
    }

    private static String schemaVersion() {
        return sql("SELECT version FROM schema_version");
    }

    private static List<String> categoryTitles() {
        return List.of(sql("SELECT string_agg(title, ',' ORDER BY title) FROM categories")
                .split(","));
    }

    /** One query's result, as psql prints it unaligned, run as the cluster's superuser; it must succeed. */
    private static String sql(String query) {
        DockerExec.Result result = exec.run(
                DB,
                List.of(
                        "psql",
                        "-X",
                        "-q",
                        "-t",
                        "-A",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        "localhost",
                        "-U",
                        "postgres",
                        "-d",
                        "miniflux",
                        "-c",
                        query),
                Map.of("PGPASSWORD", SUPERUSER_PASSWORD),
                Duration.ofMinutes(1));
        assertThat(result.exitCode()).as("%s: %s", query, result.stderr()).isZero();
        return result.stdout().strip();
    }

    /** An API key of Miniflux's admin (the load uses it: a token costs no bcrypt, as a password would). */
    private static String apiToken() throws IOException {
        return JSON.readTree(api("/v1/api-keys", "{\"description\": \"relman load\"}"))
                .get("token")
                .asText();
    }

    private static void createCategory(String title) {
        try {
            JsonNode created = JSON.readTree(api("/v1/categories", "{\"title\": \"" + title + "\"}"));
            assertThat(created.get("title").asText()).isEqualTo(title);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A POST to Miniflux's API through nginx, as its admin; the response's body. */
    private static String api(String path, String body) {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + LB_PORT + path))
                            .timeout(Duration.ofSeconds(10))
                            .header(
                                    "Authorization",
                                    "Basic "
                                            + Base64.getEncoder()
                                                    .encodeToString(("admin:" + APP_ADMIN_PASSWORD)
                                                            .getBytes(StandardCharsets.UTF_8)))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode())
                    .as("POST %s: %s", path, response.body())
                    .isEqualTo(201);
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** examples/miniflux/stack.sh of the test's copy, with the stack's passwords in its environment. */
    private static void stack(String action) {
        Path copy = STACK.resolve("stack.sh");
        E2eRuntime.run(
                Map.of(
                        "POSTGRES_PASSWORD", SUPERUSER_PASSWORD,
                        "MINIFLUX_DB_PASSWORD", APP_DB_PASSWORD,
                        "MINIFLUX_ADMIN_PASSWORD", APP_ADMIN_PASSWORD,
                        "MINIFLUX_VERSION", BEFORE_RELMAN),
                (Files.exists(copy) ? copy : SOURCE.resolve("stack.sh")).toString(),
                action);
    }

    private static String secret() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
