package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relman.backup.BackupReport;
import io.relman.database.DeletedBackup;
import io.relman.support.Pause;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backups of a database relman did not make (examples/ledger) on the real dev server, worker and
 * PostgreSQL: {@code relman backup now}, a Temporal Schedule triggered, retention of a prepared set
 * (ages set as {@code touch -d} does), drills that pass and one that must fail, {@code verify} finding a
 * changed byte, and the schedule across a restart of the dev server. One scenario, in order: each step
 * builds on the backups the one before left. Figures are printed as "E2E backups ..." lines.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BackupScheduleIT {
    private static final Path BACKUPS = E2eRuntime.HOME.resolve(".relman/backups/ledger-e2e");
    private static final String SCHEDULE = "backup-ledger-prod";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static E2eRuntime runtime;
    private static Path plan;

    @BeforeAll
    static void theLedger() throws IOException {
        runtime = new E2eRuntime();
        LedgerStack.up(20_000);
        E2eRuntime.run("rm", "-rf", BACKUPS.toString());
        plan = E2eRuntime.planVariant(
                LedgerStack.SOURCE.resolve("relman.yml"),
                "schedule",
                "backup_dir: ../../.relman/backups/ledger",
                "backup_dir: ../../.relman/backups/ledger-e2e",
                "keep_last: 7 ",
                "keep_last: 2 ");
    }

    @AfterAll
    static void removeIt() {
        runtime.relmanWithPlan(plan, "backup", "unschedule", "--env", "prod");
        LedgerStack.down();
    }

    @Test
    void scheduledBackupsKeepWhatRetentionMustAndDrillsCatchWhatChecksumsCannot() throws Exception {
        try (WorkerProcess worker =
                runtime.startWorker("backups", Map.of(LedgerStack.PASSWORD_ENV, LedgerStack.PASSWORD))) {
            // A prepared set: b1, drilled (the newest verified backup), then b2 and b3; all made 40 days old.
            String b1 = backupNow();
            assertThat(relman("backup", "drill", "--env", "prod")).isZero();
            String b2 = backupNow();
            String b3 = backupNow();
            for (String id : List.of(b1, b2, b3)) {
                E2eRuntime.run("touch", "-d", "40 days ago", manifest(id).toString(), data(id).toString());
            }

            // The schedule from the plan (03:00 daily), triggered now: its run takes b4, then retention
            // (keep_last 2, keep_days 30) keeps b4 and b3 as the newest two and b1 as the newest verified.
            StringBuilder scheduled = new StringBuilder();
            assertThat(E2eRuntime.capturingOutput(scheduled, () -> relman("backup", "schedule", "--env", "prod")))
                    .isZero();
            ScheduleHandle schedule = schedules().getHandle(SCHEDULE);
            ScheduleDescription described = schedule.describe();
            System.out.println("E2E backups: schedule " + SCHEDULE + ", overlap "
                    + described.getSchedule().getPolicy().getOverlap() + ", catch-up window "
                    + described.getSchedule().getPolicy().getCatchupWindow() + ", next run "
                    + described.getInfo().getNextActionTimes().get(0) + ", note \""
                    + described.getSchedule().getState().getNote() + "\"");
            assertThat(scheduled.toString()).contains(SCHEDULE + ": created, cron \"0 3 * * *\" (UTC), next run");
            assertThat(described.getSchedule().getPolicy().getOverlap())
                    .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
            assertThat(described.getSchedule().getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(1));
            assertThat(described.getSchedule().getState().getNote()).contains("schedule.generated.yml");
            String schedulePage = E2eRuntime.WEB_UI + "/namespaces/" + E2eRuntime.NAMESPACE + "/schedules/" + SCHEDULE;
            try (HeadlessChromium browser =
                    new HeadlessChromium(E2eRuntime.TARGET.resolve("webui-" + SCHEDULE + ".png"))) {
                String page = browser.await(schedulePage, text -> text.contains(SCHEDULE) && text.contains("Backup"));
                System.out.println("E2E backups: " + schedulePage + " shows the schedule; screenshot target/webui-"
                        + SCHEDULE + ".png");
                assertThat(page).containsIgnoringCase("upcoming runs");
            }
            schedule.trigger();
            BackupReport triggered = awaitRun(schedule, 1);
            String b4 = triggered.backup().id();
            System.out.println("E2E backups: triggered run took " + b4 + " ("
                    + triggered.backup().sizeBytes()
                    + " bytes in " + triggered.backup().elapsedMillis() + " ms); retention deleted "
                    + triggered.deleted().stream().map(DeletedBackup::id).toList() + ", kept "
                    + triggered.kept() + " " + triggered.keptOnPurpose());
            assertThat(triggered.deleted()).extracting(DeletedBackup::id).containsExactly(b2);
            assertThat(backupIds()).containsExactly(b1, b3, b4);
            JsonNode listed = JSON.readTree(output("backup", "list", "--env", "prod", "--json"));
            assertThat(listed.get("backups").findValuesAsText("id")).containsExactly(b4, b3, b1);
            assertThat(listed.get("lastDrill").get("passed").asBoolean()).isTrue();

            // Every minute now; the dev server restarted (same SQLite file) between two runs.
            Path everyMinute = E2eRuntime.planVariant(
                    plan, "schedule-every-minute", "schedule: \"0 3 * * *\"", "schedule: \"* * * * *\"");
            StringBuilder updated = new StringBuilder();
            E2eRuntime.capturingOutput(
                    updated, () -> runtime.relmanWithPlan(everyMinute, "backup", "schedule", "--env", "prod"));
            assertThat(updated.toString()).contains(SCHEDULE + ": updated, cron \"* * * * *\"");
            Instant restarted = restartTheDevServer();
            ScheduleHandle afterRestart = schedules().getHandle(SCHEDULE);
            ScheduleDescription stillThere = afterRestart.describe();
            Wait.until(
                    "a run of " + SCHEDULE + " scheduled after the restart",
                    Duration.ofMinutes(3),
                    () -> afterRestart.describe().getInfo().getRecentActions().stream()
                            .anyMatch(action -> action.getScheduledAt().isAfter(restarted)));
            afterRestart.pause("the test goes on with the backups it has");
            Wait.until(
                    "the schedule's runs to end",
                    Duration.ofMinutes(3),
                    () -> afterRestart.describe().getInfo().getRunningActions().isEmpty());
            List<String> actions = new ArrayList<>();
            BackupReport fired = null;
            for (ScheduleActionResult action : afterRestart.describe().getInfo().getRecentActions()) {
                actions.add(action.getScheduledAt() + (action.getScheduledAt().isAfter(restarted) ? "" : " (before)"));
                if (fired == null && action.getScheduledAt().isAfter(restarted)) {
                    fired = resultOf(action);
                }
            }
            relman("backup", "unschedule", "--env", "prod");
            System.out.println("E2E backups: dev server restarted at " + restarted + "; the schedule was still there"
                    + " (" + stillThere.getInfo().getNumActions() + " actions so far, next "
                    + stillThere.getInfo().getNextActionTimes().get(0) + "); runs scheduled at " + actions
                    + "; the first after the restart took " + fired.backup().id());
            assertThat(fired.backup().id()).isNotIn(b1, b3, b4);

            // verify re-reads every checksum: a changed byte is found.
            Path b4Data = data(b4);
            byte[] bytes = Files.readAllBytes(b4Data);
            bytes[bytes.length / 2] ^= 1;
            Files.write(b4Data, bytes);
            StringBuilder verified = new StringBuilder();
            assertThat(E2eRuntime.capturingOutput(verified, () -> relman("backup", "verify", "--env", "prod")))
                    .isEqualTo(1);
            assertThat(verified.toString()).contains("DAMAGED " + b4 + ": " + b4Data + " has sha256");

            // A backup whose data is another database than its manifest says, with the checksum made to
            // match: the checksum cannot tell, the drill does.
            List<String> ids = backupIds();
            String newest = ids.get(ids.size() - 1);
            LedgerStack.sql("DELETE FROM entries WHERE id % 10 = 0");
            String other = backupNow();
            BackupSchedules.disguise(BACKUPS, newest, other);
            StringBuilder drill = new StringBuilder();
            long started = System.nanoTime();
            int drillExit = E2eRuntime.capturingOutput(drill, () -> relman("backup", "drill", "--env", "prod"));
            System.out.printf(
                    "E2E backups: drill of %s (data swapped, checksum rewritten): exit %d in %.1f s%n",
                    newest, drillExit, (System.nanoTime() - started) / 1e9);
            assertThat(drillExit).isEqualTo(1);
            assertThat(drill.toString())
                    .contains("backup " + newest + ") failed: table entries has 18000 rows instead" + " of 20000");
            StringBuilder list = new StringBuilder();
            assertThat(E2eRuntime.capturingOutput(list, () -> relman("backup", "list", "--env", "prod")))
                    .isEqualTo(1);
            assertThat(list.toString()).contains("Last restore drill: FAILED");
            assertThat(LedgerStack.sql("SELECT count(*) FROM pg_database WHERE datname LIKE 'relman_%'"))
                    .as("the drills left no scratch database")
                    .isEqualTo("0");

            // relman restore: a damaged backup is refused before anything changes; a whole one comes back.
            assertThat(relman("restore", "--env", "prod", "--backup", b4, "--yes"))
                    .isEqualTo(1);
            assertThat(LedgerStack.sql("SELECT count(*) FROM entries")).isEqualTo("18000");
            StringBuilder restore = new StringBuilder();
            List<String> backupsBeforeRestore = backupIds();
            started = System.nanoTime();
            int restoreExit = E2eRuntime.capturingOutput(
                    restore, () -> relman("restore", "--env", "prod", "--backup", b1, "--yes"));
            System.out.printf(
                    "E2E backups: relman restore of %s: exit %d in %.1f s; entries %s (18000 before)%n",
                    b1,
                    restoreExit,
                    (System.nanoTime() - started) / 1e9,
                    LedgerStack.sql("SELECT count(*) FROM entries"));
            assertThat(restoreExit).isZero();
            assertThat(LedgerStack.sql("SELECT count(*) FROM entries")).isEqualTo("20000");
            assertThat(restore.toString())
                    .contains("the database it replaced is kept as ledger_before_restore_")
                    .doesNotContain("backed up as");
            assertThat(backupIds())
                    .as("no backup of the replaced database: the swap keeps it aside")
                    .isEqualTo(backupsBeforeRestore);
            assertThat(LedgerStack.sql("SELECT count(*) FROM pg_database WHERE datname LIKE 'ledger_before_restore_%'"))
                    .isEqualTo("1");
        }

        // A worker of another machine alone, whose disk lacks every backup above (the backup directory an empty
        // tmpfs of its own): the backup it takes lands there, retention runs there and deletes nothing here,
        // and a drill restores the backup that machine holds.
        List<String> here = backupIds();
        String otherQueue = "relman-machine-backups-other-machine";
        try (WorkerProcess other = WorkerProcess.onAnotherMachine(
                runtime,
                "backups-other-machine",
                BACKUPS.getParent(),
                Map.of(LedgerStack.PASSWORD_ENV, LedgerStack.PASSWORD))) {
            String theirs = backupNow();
            Map<String, String> queues = activityQueues(RelmanTemporal.backupWorkflowId("ledger", "prod"));
            StringBuilder drill = new StringBuilder();
            int drillExit = E2eRuntime.capturingOutput(drill, () -> relman("backup", "drill", "--env", "prod"));
            System.out.printf(
                    "E2E backups: on another machine's worker: %s; activities on %s; here before %s, after %s;"
                            + " drill exit %d%n",
                    theirs, queues, here.size(), backupIds().size(), drillExit);
            assertThat(backupIds())
                    .as("nothing taken or deleted on this machine")
                    .isEqualTo(here);
            assertThat(queues).containsEntry("BackupDump", runtime.taskQueue).containsEntry("BackupPrune", otherQueue);
            assertThat(drillExit).as(drill.toString()).isZero();
            assertThat(drill.toString()).contains(theirs);
        }
    }

    /** Each activity of the workflow's latest run: the task queue it was scheduled on. */
    private static Map<String, String> activityQueues(String workflowId) {
        Map<String, String> queues = new java.util.TreeMap<>();
        for (HistoryEvent event : runtime.client.fetchHistory(workflowId).getEvents()) {
            if (event.hasActivityTaskScheduledEventAttributes()) {
                queues.put(
                        event.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName(),
                        event.getActivityTaskScheduledEventAttributes()
                                .getTaskQueue()
                                .getName());
            }
        }
        return queues;
    }

    private static int relman(String... args) {
        return runtime.relmanWithPlan(plan, args);
    }

    private static String output(String... args) {
        StringBuilder printed = new StringBuilder();
        assertThat(E2eRuntime.capturingOutput(printed, () -> relman(args))).isZero();
        return printed.toString();
    }

    /** {@code relman backup now}; the id of the backup it took. */
    private static String backupNow() {
        String printed = output("backup", "now", "--env", "prod");
        java.util.regex.Matcher id =
                java.util.regex.Pattern.compile("Backed up ledger as (\\S+):").matcher(printed);
        assertThat(id.find()).as(printed).isTrue();
        return id.group(1);
    }

    private static Path manifest(String id) {
        return BACKUPS.resolve(id + ".json");
    }

    private static Path data(String id) {
        return BackupSchedules.dataFile(BACKUPS, id);
    }

    private static List<String> backupIds() throws IOException {
        try (Stream<Path> files = Files.list(BACKUPS)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .map(name -> name.substring(0, name.length() - ".json".length()))
                    .sorted()
                    .toList();
        }
    }

    private static ScheduleClient schedules() {
        return BackupSchedules.client(runtime);
    }

    private static BackupReport awaitRun(ScheduleHandle schedule, long count) {
        return BackupSchedules.awaitRun(runtime, schedule, count);
    }

    private static BackupReport resultOf(ScheduleActionResult action) {
        return BackupSchedules.resultOf(runtime, action);
    }

    /** Stops the dev server as scripts/stop.sh does and starts it again on its SQLite file; when it answered. */
    private static Instant restartTheDevServer() throws IOException {
        E2eRuntime.restartTheDevServer();
        Pause.of(Duration.ofSeconds(1));
        return Instant.now();
    }
}
