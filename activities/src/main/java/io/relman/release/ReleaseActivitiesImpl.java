package io.relman.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relman.database.BackupFile;
import io.relman.saga.Compensation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Writes and reads release records in relman's own database (schema: worker's db/migration, run by Flyway). */
public class ReleaseActivitiesImpl implements ReleaseActivities {
    static final String UPSERT = """
      INSERT INTO releases (run_id, workflow_id, project, environment, version, requested_by,
                            started_at, finished_at, outcome, images, failure, compensations, backup, kind,
                            adopted)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?::jsonb, ?, ?::jsonb)
      ON CONFLICT (run_id) DO UPDATE SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
                                         images = EXCLUDED.images, failure = EXCLUDED.failure,
                                         compensations = EXCLUDED.compensations, backup = EXCLUDED.backup,
                                         adopted = EXCLUDED.adopted""";

    /** The environment's other records, for the decision whether a release also records its baseline. */
    static final String OTHERS = """
      SELECT kind, outcome FROM releases WHERE project = ? AND environment = ? AND run_id <> ?""";

    static final String HISTORY = """
      SELECT workflow_id, run_id, project, environment, version, requested_by, started_at, finished_at, outcome,
             images, failure, compensations, backup, kind, adopted
        FROM releases WHERE project = ? AND environment = ? ORDER BY started_at DESC LIMIT ?""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public ReleaseActivitiesImpl(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores the record and, with the environment's first release, its baseline (what ran before relman),
     * in one transaction: both or neither.
     */
    @Override
    public void record(ReleaseRecord release) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                // Only a baseline's row keeps what was adopted; the release's own row does not repeat it.
                upsert(connection, release, null);
                Optional<ReleaseRecord> baseline = Baselines.toRecordWith(release, others(connection, release));
                if (baseline.isPresent()) {
                    upsert(connection, baseline.get(), baseline.get().adopted());
                }
                connection.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(
                    "could not record release " + release.workflowId() + ": " + e.getMessage(), e);
        }
    }

    private static void upsert(Connection connection, ReleaseRecord release, AdoptedBaseline adopted)
            throws SQLException, JsonProcessingException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setString(1, release.runId());
            upsert.setString(2, release.workflowId());
            upsert.setString(3, release.project());
            upsert.setString(4, release.environment());
            upsert.setString(5, release.version());
            upsert.setString(6, release.requestedBy());
            upsert.setTimestamp(7, new Timestamp(release.startedAtMillis()));
            upsert.setTimestamp(8, new Timestamp(release.finishedAtMillis()));
            upsert.setString(9, release.outcome().toString());
            upsert.setString(10, JSON.writeValueAsString(new TreeMap<>(release.images())));
            upsert.setString(11, release.failure());
            upsert.setString(12, JSON.writeValueAsString(release.compensations()));
            upsert.setString(13, release.backup() == null ? null : JSON.writeValueAsString(release.backup()));
            upsert.setString(14, release.kind().toString());
            upsert.setString(15, adopted == null ? null : JSON.writeValueAsString(adopted));
            upsert.executeUpdate();
        }
    }

    private static List<Baselines.Recorded> others(Connection connection, ReleaseRecord release) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(OTHERS)) {
            query.setString(1, release.project());
            query.setString(2, release.environment());
            query.setString(3, release.runId());
            List<Baselines.Recorded> others = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    others.add(new Baselines.Recorded(
                            ReleaseKind.of(row.getString(1)), ReleaseOutcome.of(row.getString(2))));
                }
            }
            return others;
        }
    }

    @Override
    public List<ReleaseRecord> history(HistoryRequest request) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(HISTORY)) {
            query.setString(1, request.project());
            query.setString(2, request.environment());
            query.setInt(3, request.limit());
            List<ReleaseRecord> releases = new ArrayList<>();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    releases.add(new ReleaseRecord(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getString(4),
                            row.getString(5),
                            row.getString(6),
                            row.getTimestamp(7).getTime(),
                            row.getTimestamp(8).getTime(),
                            ReleaseOutcome.of(row.getString(9)),
                            JSON.readValue(row.getString(10), new TypeReference<Map<String, String>>() {}),
                            row.getString(11),
                            JSON.readValue(row.getString(12), new TypeReference<List<Compensation>>() {}),
                            row.getString(13) == null ? null : JSON.readValue(row.getString(13), BackupFile.class),
                            ReleaseKind.of(row.getString(14)),
                            row.getString(15) == null
                                    ? null
                                    : JSON.readValue(row.getString(15), AdoptedBaseline.class)));
                }
            }
            return releases;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException(
                    "could not read the releases of " + request.environment() + ": " + e.getMessage(), e);
        }
    }
}
