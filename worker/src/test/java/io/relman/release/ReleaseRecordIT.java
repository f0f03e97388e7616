package io.relman.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.relman.database.BackupFile;
import io.relman.database.DatabaseFingerprint;
import io.relman.plan.ReleaseStep;
import io.relman.saga.Compensation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** The release record against a real PostgreSQL (the project's image) with the worker's Flyway schema. */
@Timeout(120)
class ReleaseRecordIT {
    private static final GenericContainer<?> POSTGRES = new GenericContainer<>(
                    DockerImageName.parse("relman/postgres:15"))
            .withEnv(Map.of("POSTGRES_DB", "relman", "POSTGRES_USER", "relman", "POSTGRES_PASSWORD", "test"))
            .withExposedPorts(5432)
            .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 1)
                    .withStartupTimeout(Duration.ofSeconds(60)));

    private static PGSimpleDataSource dataSource;

    @BeforeAll
    static void database() {
        POSTGRES.start();
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://" + POSTGRES.getHost() + ":" + POSTGRES.getMappedPort(5432) + "/relman");
        dataSource.setUser("relman");
        dataSource.setPassword("test");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @AfterAll
    static void stop() {
        POSTGRES.stop();
    }

    @Test
    void aReleaseIsRecordedAndRecordingTheSameRunAgainUpdatesIt() throws Exception {
        ReleaseActivitiesImpl releases = new ReleaseActivitiesImpl(dataSource);
        releases.record(new ReleaseRecord(
                "release-shop-demo",
                "run-1",
                "shop",
                "demo",
                "v2",
                "ana@laptop",
                1_700_000_000_000L,
                1_700_000_010_000L,
                ReleaseOutcome.SUCCEEDED,
                Map.of("app", "sha256:aaa"),
                null,
                List.of(),
                null,
                ReleaseKind.DEPLOY,
                null));
        releases.record(new ReleaseRecord(
                "release-shop-demo",
                "run-1",
                "shop",
                "demo",
                "v2",
                "ana@laptop",
                1_700_000_000_000L,
                1_700_000_020_000L,
                ReleaseOutcome.FAILED,
                Map.of("app", "sha256:bbb"),
                "replica unhealthy",
                List.of(new Compensation(
                        ReleaseStep.ROLLOUT, "put shop-demo-app-1 back on v1", Compensation.Outcome.DONE, "healthy")),
                new BackupFile(
                        "shop-demo-20261123-180500-before-v2",
                        "/backups/x.dump",
                        1234,
                        "ab12",
                        80,
                        new DatabaseFingerprint("cd34", Map.of("items", 3L)),
                        "shop",
                        "dev",
                        "deploy-shop-demo",
                        1_795_000_000_000L),
                ReleaseKind.DEPLOY,
                null));

        try (Connection db = dataSource.getConnection();
                ResultSet row = db.createStatement()
                        .executeQuery(
                                "SELECT count(*) OVER (), outcome, images->>'app', failure, finished_at - started_at,"
                                        + " compensations->0->>'action', compensations->0->>'outcome', backup->>'id', backup->>'sha256',"
                                        + " compensations->0->>'step', kind"
                                        // The other test records releases of its own project in the same table.
                                        + " FROM releases WHERE project = 'shop'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(1);
            assertThat(row.getString(2)).isEqualTo("failed");
            assertThat(row.getString(3)).isEqualTo("sha256:bbb");
            assertThat(row.getString(4)).isEqualTo("replica unhealthy");
            assertThat(row.getString(5)).isEqualTo("00:00:20");
            assertThat(row.getString(6)).isEqualTo("put shop-demo-app-1 back on v1");
            assertThat(row.getString(7)).isEqualTo("done");
            assertThat(row.getString(8)).isEqualTo("shop-demo-20261123-180500-before-v2");
            assertThat(row.getString(9)).isEqualTo("ab12");
            assertThat(row.getString(10)).as("steps as plans write them").isEqualTo("rollout");
            assertThat(row.getString(11)).isEqualTo("deploy");
        }
        List<ReleaseRecord> history = releases.history(new HistoryRequest("shop", "demo", 10));
        assertThat(history).singleElement().satisfies(read -> {
            assertThat(read.outcome()).isEqualTo(ReleaseOutcome.FAILED);
            assertThat(read.kind()).isEqualTo(ReleaseKind.DEPLOY);
            assertThat(read.compensations())
                    .extracting(Compensation::step, Compensation::action, Compensation::outcome)
                    .containsExactly(
                            tuple(ReleaseStep.ROLLOUT, "put shop-demo-app-1 back on v1", Compensation.Outcome.DONE));
            assertThat(read.backup().fingerprint().rowCounts()).containsEntry("items", 3L);
            assertThat(read.images()).containsEntry("app", "sha256:bbb");
        });
    }

    @Test
    void theFirstReleaseRecordsWhatRanBeforeItAsTheBaselineAndTheNextDoesNot() {
        ReleaseActivitiesImpl releases = new ReleaseActivitiesImpl(dataSource);
        AdoptedBaseline adopted = new AdoptedBaseline(Map.of("web", "2.2.15"), Map.of("web", "sha256:old"));
        releases.record(deploy("run-a", "3.0.0", 1_800_000_000_000L, adopted));
        releases.record(deploy("run-b", "3.0.1", 1_800_000_100_000L, adopted));

        List<ReleaseRecord> history = releases.history(new HistoryRequest("app", "prod", 10));

        assertThat(history)
                .extracting(ReleaseRecord::kind, ReleaseRecord::version, ReleaseRecord::startedAtMillis)
                .containsExactly(
                        tuple(ReleaseKind.DEPLOY, "3.0.1", 1_800_000_100_000L),
                        tuple(ReleaseKind.DEPLOY, "3.0.0", 1_800_000_000_000L),
                        tuple(ReleaseKind.BASELINE, "2.2.15", 1_799_999_999_999L));
        assertThat(history.get(2).images()).containsEntry("web", "sha256:old");
        assertThat(history.get(2).adopted()).isEqualTo(adopted);
        assertThat(history.get(2).backup().id()).isEqualTo("app-prod-before-3.0.0");
        assertThat(history.get(1).adopted())
                .as("only the baseline's row keeps it")
                .isNull();
    }

    private static ReleaseRecord deploy(String run, String version, long startedAt, AdoptedBaseline adopted) {
        return new ReleaseRecord(
                "release-app-prod",
                run,
                "app",
                "prod",
                version,
                "ana@laptop",
                startedAt,
                startedAt + 7_000,
                ReleaseOutcome.SUCCEEDED,
                Map.of("web", "sha256:" + version),
                null,
                List.of(),
                new BackupFile(
                        "app-prod-before-" + version,
                        "/backups/" + version + ".dump",
                        1234,
                        "ab12",
                        80,
                        new DatabaseFingerprint("cd34", Map.of()),
                        "app",
                        "dev",
                        "release-app-prod",
                        startedAt),
                ReleaseKind.DEPLOY,
                adopted);
    }
}
