package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.backup.BackupReport;
import io.relman.cli.plan.PlanLoader;
import io.relman.plan.DatabaseEngine;
import io.relman.plan.Plan;
import io.relman.plan.Service;
import io.temporal.client.schedules.ScheduleHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The PHP guide's stack (examples/cosmic: one image as three web replicas, a scheduler and two queue workers,
 * nginx, MariaDB 10.11, Laravel's migrator) released with what its README says: relman init, the plan's edits,
 * the GRANTs the pre-flight names, then under load through nginx a release with its migration and its
 * cache-clearing hook, a broken release undone by its down migration, a lossy one undone by its verified
 * backup, and a scheduled backup drilled (a disguised one fails its drill) and restored. One scenario, in
 * order; figures are printed as "E2E cosmic ..." lines.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // each step starts from the stack the one before left
class CosmicStackIT {
    private static final Path PLAN = CosmicStack.COPY.resolve("relman.yml");
    private static final Path LOCAL_ENV = E2eRuntime.TARGET.resolve("cosmic-local.env");
    private static final String SCHEDULE = "backup-cosmic-prod";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern GRANT = Pattern.compile("GRANT [^;]+;");

    private static E2eRuntime runtime;
    private static WorkerProcess worker;

    @BeforeAll
    static void theStackAsItsTeamRunsIt() throws Exception {
        runtime = new E2eRuntime();
        E2eRuntime.forgetReleasesOf(CosmicStack.PROJECT, CosmicStack.ENV);
        E2eRuntime.run("rm", "-rf", CosmicStack.BACKUPS.toString());
        CosmicStack.up("1.0", "1.1", "1.2-broken", "1.2-lossy");
    }

    @AfterAll
    static void removeIt() throws Exception {
        if (worker != null) {
            runtime.relmanWithPlan(PLAN, "backup", "unschedule", "--env", CosmicStack.ENV);
            worker.close();
        }
        CosmicStack.down();
        E2eRuntime.run("rm", "-rf", CosmicStack.BACKUPS.toString());
        Files.deleteIfExists(LOCAL_ENV);
    }

    @Test
    @Order(1)
    void initFindsThreeServicesInOneImageAndThePreflightNamesTheGrantsItLacks() throws Exception {
        StringBuilder printed = new StringBuilder();
        int exit;
        try (WorkerProcess initWorker = runtime.startWorker("cosmic-init")) {
            exit = E2eRuntime.capturingOutput(
                    printed,
                    () -> runtime.relman(
                            "init", "--from-compose", "cosmic", "--env", "prod", "--out", PLAN.toString()));
        }
        String written = Files.readString(PLAN);
        System.out.println("E2E cosmic init: exit " + exit + "; its plan:\n" + written);
        assertThat(exit).as(printed.toString()).isZero();
        Plan plan = PlanLoader.load(PLAN);
        assertThat(plan.services()).extracting(Service::name).containsExactlyInAnyOrder("app", "queue", "scheduler");
        assertThat(plan.service("app").orElseThrow().replicaName("cosmic", "prod", 3))
                .isEqualTo("cosmic-app-3-prod");
        assertThat(plan.service("queue").orElseThrow().replicas()).isEqualTo(2);
        assertThat(plan.service("scheduler").orElseThrow().replicaName("cosmic", "prod", 1))
                .isEqualTo("cosmic-scheduler-prod");
        assertThat(written)
                .as("the guide's docker-compose run container is no service")
                .doesNotContain("_run_");
        assertThat(plan.environment("prod").orElseThrow().database().engine()).isEqualTo(DatabaseEngine.MARIADB);

        // The edits the example's README makes, then the lines init printed, the password filled in.
        Files.writeString(PLAN, edited(written));
        Map<String, String> local = LocalEnv.linesInitPrinted(printed.toString());
        assertThat(local).containsEntry("RELMAN_PATHS_ALLOWED", CosmicStack.BACKUPS.toString());
        local.put("COSMIC_DB_PASSWORD", CosmicStack.PASSWORD);
        worker = runtime.startWorker("cosmic", LocalEnv.workerEnvironment(LocalEnv.write(LOCAL_ENV, local)));

        Map<String, String> before = CosmicStack.appContainers(runtime);
        StringBuilder refused = new StringBuilder();
        int refusedExit = E2eRuntime.capturingOutput(refused, () -> deploy("1.1"));
        System.out.println("E2E cosmic refused: exit " + refusedExit);
        assertThat(refusedExit).isEqualTo(1);
        assertThat(refused.toString()).contains("failed during preflight").contains("Nothing was changed.");
        assertThat(CosmicStack.appContainers(runtime)).isEqualTo(before);
        List<String> grants = new ArrayList<>();
        Matcher grant = GRANT.matcher(refused.toString()
                .lines()
                .filter(line -> line.startsWith("relman:"))
                .findFirst()
                .orElseThrow());
        while (grant.find()) {
            grants.add(grant.group());
        }
        assertThat(grants).hasSize(2);
        CosmicStack.asRoot(String.join("\n", grants));
    }

    @Test
    @Order(2)
    void aReleaseMigratesClearsTheCacheAndReplacesEveryContainerWithoutAFailedRequest() throws Exception {
        Released released = underLoad("1.1");

        assertThat(released.exit()).as(released.printed()).isZero();
        assertThat(released.failures()).isEmpty();
        assertThat(released.printed())
                .contains("after_migrate hook cache-clear of app ran in")
                .contains("cleared (1 keys)");
        assertThat(CosmicStack.appContainers(runtime).values())
                .allSatisfy(c -> assertThat(c).contains(" cosmic/app:1.1 running"));
        assertThat(CosmicStack.sql("SELECT COUNT(*) FROM migrations")).isEqualTo("5");
        assertThat(released.printed().split("cosmic/app:1.1 is on the engine", -1))
                .as("the image the three services share, told of once")
                .hasSize(2);
        String job = post();
        Wait.until(
                "a queue worker to take job " + job,
                Duration.ofSeconds(30),
                () -> !CosmicStack.sql("SELECT COALESCE(done_by, '') FROM jobs WHERE id = " + job)
                        .isEmpty());
        assertThat(CosmicStack.sql("SELECT done_by FROM jobs WHERE id = " + job))
                .startsWith("1.1@");
    }

    @Test
    @Order(3)
    void aBrokenReleaseIsUndoneByItsDownMigrationAndTheStackIsAsBefore() throws Exception {
        Map<String, String> before = CosmicStack.appContainers(runtime);
        String rows = CosmicStack.checksums();

        Released released = underLoad("1.2-broken");

        assertThat(released.exit()).isEqualTo(1);
        assertThat(released.failures()).isEmpty();
        assertThat(released.printed())
                .contains("ran `php artisan migrate:to 1.1` with cosmic/app:1.2-broken")
                .contains("Every change was undone")
                .doesNotContain("restoring");
        assertThat(CosmicStack.appContainers(runtime)).isEqualTo(before);
        assertThat(CosmicStack.checksums()).isEqualTo(rows);
    }

    @Test
    @Order(4)
    void aLossyReleaseIsUndoneByItsVerifiedBackupAndTheDroppedTableComesBack() throws Exception {
        Map<String, String> before = CosmicStack.appContainers(runtime);
        String rows = CosmicStack.checksums();

        Released released = underLoad("1.2-lossy");

        assertThat(released.exit()).isEqualTo(1);
        assertThat(released.failures()).isEmpty();
        assertThat(released.printed())
                .contains("only a backup brings them back")
                .containsPattern("restored backup cosmic-prod-\\d{8}-\\d{6}-before-1\\.2-lossy in \\d+ ms, verified")
                .contains("Every change was undone");
        assertThat(CosmicStack.appContainers(runtime)).isEqualTo(before);
        assertThat(CosmicStack.checksums()).isEqualTo(rows);
        assertThat(CosmicStack.sql("SELECT COUNT(*) FROM legacy_imports")).isEqualTo("500");
    }

    @Test
    @Order(5)
    void aScheduledBackupIsDrilledADisguisedOneFailsItsDrillAndARestoreBringsTheRowsBack() throws Exception {
        assertThat(relman("backup", "schedule", "--env", "prod")).isZero();
        ScheduleHandle schedule = BackupSchedules.client(runtime).getHandle(SCHEDULE);
        schedule.trigger();
        BackupReport scheduled = BackupSchedules.awaitRun(runtime, schedule, 1);
        String id = scheduled.backup().id();
        StringBuilder drilled = new StringBuilder();
        int drill = E2eRuntime.capturingOutput(drilled, () -> relman("backup", "drill", "--env", "prod"));
        System.out.println("E2E cosmic scheduled backup " + id + ", drill exit " + drill);
        assertThat(drill).as(drilled.toString()).isZero();
        assertThat(drilled.toString()).contains(id).contains("drill_check: 500");

        // A backup whose data is one taken after 100 rows went, its checksum made to match: only a drill finds it.
        String whole = backupId(output("backup", "now", "--env", "prod"));
        CosmicStack.sql("DELETE FROM legacy_imports WHERE id > 400");
        String fewer = backupId(output("backup", "now", "--env", "prod"));
        BackupSchedules.disguise(CosmicStack.BACKUPS, whole, fewer);
        StringBuilder disguised = new StringBuilder();
        int failedDrill = E2eRuntime.capturingOutput(disguised, () -> relman("backup", "drill", "--env", "prod"));
        System.out.println("E2E cosmic drill of a disguised backup: exit " + failedDrill);
        assertThat(failedDrill).isEqualTo(1);
        assertThat(disguised.toString()).contains("table legacy_imports has 400 rows instead of 500");

        assertThat(relman("restore", "--env", "prod", "--backup", id, "--yes")).isZero();
        assertThat(CosmicStack.sql("SELECT COUNT(*) FROM legacy_imports")).isEqualTo("500");
    }

    /** What the README has a user add to init's plan: the migration, the hook, shorter waits, the backups. */
    private static String edited(String plan) {
        String edited = plan.replace("min_uptime: 10s", "min_uptime: 2s")
                .replaceFirst(
                        "(?m)^(      path: /health.*\\n)",
                        "$1      deadline: 20s\n"
                                + "    migration:\n"
                                + "      up: [php, artisan, migrate]\n"
                                + "      down: [php, artisan, \"migrate:to\", \"{previous_version}\"]\n"
                                + "    hooks:\n"
                                + "      after_migrate:\n"
                                + "        cache-clear: {run: [php, artisan, \"cache:clear\"]}\n")
                .replaceFirst(
                        "(?m)^(      backup_dir: .*\\n)",
                        "$1      backup:\n"
                                + "        schedule: \"0 3 * * *\"\n"
                                + "        drill_check: \"SELECT COUNT(*) FROM legacy_imports\"\n");
        assertThat(edited)
                .as("every edit found its line in init's plan")
                .contains("min_uptime: 2s", "deadline: 20s", "drill_check:")
                .doesNotContain("min_uptime: 10s");
        return edited;
    }

    private record Released(int exit, String printed, List<String> failures, int requests) {}

    /** {@code relman deploy VERSION} with two loads through nginx: the version page and the posts. */
    private static Released underLoad(String version) throws InterruptedException {
        LoadLoop home = new LoadLoop(CosmicStack.LB_PORT, "/");
        LoadLoop posts = new LoadLoop(CosmicStack.LB_PORT, "/posts");
        StringBuilder printed = new StringBuilder();
        long started = System.nanoTime();
        int exit = LoadLoop.both(home, posts, () -> E2eRuntime.capturingOutput(printed, () -> deploy(version)));
        List<String> failures = new ArrayList<>(home.failures());
        failures.addAll(posts.failures());
        int requests = home.requests() + posts.requests();
        System.out.printf(
                "E2E cosmic deploy %s: exit %d in %.1f s; %d requests through nginx, %d failed %s%n",
                version,
                exit,
                (System.nanoTime() - started) / 1e9,
                requests,
                failures.size(),
                failures.size() > 5 ? failures.subList(0, 5) : failures);
        return new Released(exit, printed.toString(), failures, requests);
    }

    private static int deploy(String version) {
        return relman("deploy", "--env", "prod", "--version", version);
    }

    private static int relman(String... args) {
        return runtime.relmanWithPlan(PLAN, args);
    }

    private static String output(String... args) {
        StringBuilder printed = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(printed, () -> relman(args)))
                .as(printed.toString())
                .isZero();
        return printed.toString();
    }

    private static String backupId(String printed) {
        Matcher id = Pattern.compile("Backed up cosmic as (\\S+):").matcher(printed);
        assertThat(id.find()).as(printed).isTrue();
        return id.group(1);
    }

    /** A new post, through nginx; the id of the job it queued. */
    private static String post() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + CosmicStack.LB_PORT + "/posts"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("title=after&body=written+after+the+release"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        Matcher job = Pattern.compile("\"job\":(\\d+)").matcher(response.body());
        assertThat(job.find()).as(response.body()).isTrue();
        return job.group(1);
    }
}
