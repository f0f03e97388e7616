package io.relman.backup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Drills and the backups releases use, in relman's own database (schema: the worker's db/migration). */
public class BackupRecordActivitiesImpl implements BackupRecordActivities {
    static final String UPSERT_DRILL = """
      INSERT INTO backup_drills (run_id, workflow_id, project, environment, backup_id, started_at, finished_at,
                                 passed, message)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run_id) DO UPDATE SET finished_at = EXCLUDED.finished_at, passed = EXCLUDED.passed,
                                         message = EXCLUDED.message, backup_id = EXCLUDED.backup_id""";

    static final String DRILLS = """
      SELECT project, environment, backup_id, workflow_id, run_id, started_at, finished_at, passed, message
        FROM backup_drills WHERE project = ? AND environment = ? ORDER BY finished_at DESC LIMIT 100""";

    /** Newest first: the first succeeded one is the latest succeeded release. */
    static final String RELEASE_BACKUPS = """
      SELECT backup->>'id', kind, version, outcome FROM releases
       WHERE project = ? AND environment = ? AND backup IS NOT NULL ORDER BY started_at DESC LIMIT 500""";

    private final DataSource dataSource;

    public BackupRecordActivitiesImpl(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public BackupRecords records(BackupRequest request) {
        try (Connection connection = dataSource.getConnection()) {
            String latestReleaseBackup = null;
            Map<String, String> usedBy = new LinkedHashMap<>();
            try (PreparedStatement query = environmentQuery(connection, RELEASE_BACKUPS, request);
                    ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    String id = row.getString(1);
                    String release = row.getString(2) + " " + row.getString(3) + " " + row.getString(4);
                    usedBy.merge(id, release, (newer, older) -> newer + ", " + older);
                    if (latestReleaseBackup == null && "succeeded".equals(row.getString(4))) {
                        latestReleaseBackup = id;
                    }
                }
            }
            List<DrillRecord> drills = new ArrayList<>();
            try (PreparedStatement query = environmentQuery(connection, DRILLS, request);
                    ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    drills.add(new DrillRecord(
                            row.getString(1),
                            row.getString(2),
                            row.getString(3),
                            row.getString(4),
                            row.getString(5),
                            row.getTimestamp(6).getTime(),
                            row.getTimestamp(7).getTime(),
                            row.getBoolean(8),
                            row.getString(9)));
                }
            }
            return new BackupRecords(latestReleaseBackup, usedBy, drills);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read the backup records of " + request.environment() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void recordDrill(DrillRecord drill) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT_DRILL)) {
            upsert.setString(1, drill.runId());
            upsert.setString(2, drill.workflowId());
            upsert.setString(3, drill.project());
            upsert.setString(4, drill.environment());
            upsert.setString(5, drill.backupId());
            upsert.setTimestamp(6, new Timestamp(drill.startedAtMillis()));
            upsert.setTimestamp(7, new Timestamp(drill.finishedAtMillis()));
            upsert.setBoolean(8, drill.passed());
            upsert.setString(9, drill.message());
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not record the drill " + drill.workflowId() + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement environmentQuery(Connection connection, String sql, BackupRequest request)
            throws SQLException {
        PreparedStatement query = connection.prepareStatement(sql);
        query.setString(1, request.project());
        query.setString(2, request.environment());
        return query;
    }
}
