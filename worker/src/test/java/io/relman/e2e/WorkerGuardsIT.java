package io.relman.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.relman.cli.plan.PlanLoader;
import io.relman.release.DeployWorkflow;
import io.relman.release.ReleaseFailure;
import io.relman.release.ReleaseRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whoever can reach Temporal can start a run with any plan, without the CLI. The real worker refuses a
 * plan that would read a variable it does not hand out, or build a directory outside the ones it lets plans
 * use, in its
 * pre-flight: nothing on the engine or in the backup directory changes, and no value reaches the history.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WorkerGuardsIT {
    private static final String STACK_STATE =
            "docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Image}}' | grep -v relman-probe | sort;"
                    + " docker ps -q --no-trunc | sort;"
                    + " docker images -q --no-trunc | sort; ls -la .relman/backups/ci 2>/dev/null | tail -n +2";

    private static E2eRuntime runtime;
    private static WorkerProcess worker;

    @BeforeAll
    static void startTheWorker() {
        runtime = new E2eRuntime();
        runtime.freshStack();
        worker = runtime.startWorker("guards");
    }

    @AfterAll
    static void stopTheWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        E2eRuntime.run(E2eRuntime.HOME.resolve("examples/shop/stack.sh").toString(), "down", E2eRuntime.ENVIRONMENT);
    }

    /** A run refused by the worker: its id, and what the run reported. */
    private record Refused(String workflowId, ReleaseFailure failure) {}

    /**
     * Starts a deploy of {@code plan} straight on Temporal, as any client could, and returns its failure,
     * once it is clear that nothing was undone because nothing changed: Docker lists the same before and
     * after.
     */
    private static Refused refusedWithoutTheCli(Path plan) {
        String before = E2eRuntime.output("bash", "-c", STACK_STATE);
        String workflowId = "release-guards-" + UUID.randomUUID().toString().substring(0, 8);
        WorkflowClient.start(
                runtime.client.newWorkflowStub(
                        DeployWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setWorkflowId(workflowId)
                                .setTaskQueue(runtime.taskQueue)
                                .build())::deploy,
                new ReleaseRequest(PlanLoader.load(plan), E2eRuntime.ENVIRONMENT, "v1", "anyone@anywhere"));
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, workflowId);
        System.out.println("E2E worker guard: " + failure.reason());
        assertThat(failure.compensations()).isEmpty();
        assertThat(E2eRuntime.output("bash", "-c", STACK_STATE)).isEqualTo(before);
        return new Refused(workflowId, failure);
    }

    @Test
    void aPlanThatNamesTheReleaseDatabasesPasswordIsRefusedAndNothingChanges() {
        Path plan = E2eRuntime.planVariant(
                "guard-secret",
                "      PGPASSWORD: SHOP_DB_PASSWORD",
                "      PGPASSWORD: SHOP_DB_PASSWORD\n      STOLEN: RELMAN_DB_PASSWORD");

        Refused refused = refusedWithoutTheCli(plan);

        assertThat(refused.failure().reason())
                .contains(
                        "the plan asks for RELMAN_DB_PASSWORD (named by the plan), which this worker does not hand out")
                .contains("relman.secrets.allowed");
        String history = runtime.readableHistory(refused.workflowId());
        assertThat(history).contains("RELMAN_DB_PASSWORD");
        assertThat(history).doesNotContain(E2eRuntime.secrets().get("RELMAN_DB_PASSWORD"));
    }

    @Test
    void aSecretThatTheMigrationPrintsReachesNeitherTheHistoryNorTheRecords() throws Exception {
        // An app that prints its DSN when its migration fails, as many do.
        Path plan = E2eRuntime.planVariant(
                "guard-printed-secret",
                "      up: [/app/migrate, up]",
                "      up: [sh, -c, 'echo \"connecting to postgres://shop:$PGPASSWORD@shop-ci-db/shop\"; exit 3']");
        String password = E2eRuntime.secrets().get("SHOP_DB_PASSWORD");

        int exit = runtime.relmanWithPlan(plan, "deploy", "--env", E2eRuntime.ENVIRONMENT, "--version", "v1");

        assertThat(exit).isEqualTo(1);
        String workflowId = "release-shop-" + E2eRuntime.ENVIRONMENT;
        ReleaseFailure failure = E2eRuntime.failureOf(runtime.client, workflowId);
        System.out.println("E2E printed secret: " + failure.reason().lines().toList());
        assertThat(failure.reason()).contains("connecting to postgres://shop:***@shop-ci-db/shop");
        assertThat(runtime.readableHistory(workflowId))
                .contains("postgres://shop:***@")
                .doesNotContain(password);
        try (var db = E2eRuntime.relmanDatabase();
                var query = db.prepareStatement(
                        "SELECT failure FROM releases WHERE workflow_id = ? ORDER BY finished_at DESC LIMIT 1")) {
            query.setString(1, workflowId);
            try (var row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).contains("postgres://shop:***@").doesNotContain(password);
            }
        }
    }

    @Test
    void aPlanThatBuildsADirectoryOutsideTheAllowedOnesIsRefusedAndNothingChanges() {
        // The checkout's docker/postgres has a Dockerfile (the CLI's own check passes) and lies outside.
        Path plan = E2eRuntime.planVariant(
                "guard-context",
                "      context: app                    # relative to this file",
                "      context: ../../docker/postgres");

        ReleaseFailure failure = refusedWithoutTheCli(plan).failure();

        assertThat(failure.reason())
                .contains("build.context " + E2eRuntime.HOME.resolve("docker/postgres")
                        + " is outside the directories this worker lets plans use")
                .contains("relman.paths.allowed");
    }
}
