package io.relman.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Writes release records into relman's own database (schema: worker's db/migration, run by Flyway). */
public class ReleaseActivitiesImpl implements ReleaseActivities {
  static final String UPSERT = """
      INSERT INTO releases (run_id, workflow_id, project, environment, version, requested_by,
                            started_at, finished_at, outcome, images, failure, compensations)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb)
      ON CONFLICT (run_id) DO UPDATE SET finished_at = EXCLUDED.finished_at, outcome = EXCLUDED.outcome,
                                         images = EXCLUDED.images, failure = EXCLUDED.failure,
                                         compensations = EXCLUDED.compensations""";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataSource dataSource;

  public ReleaseActivitiesImpl(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void record(ReleaseRecord release) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      upsert.setString(1, release.runId());
      upsert.setString(2, release.workflowId());
      upsert.setString(3, release.project());
      upsert.setString(4, release.environment());
      upsert.setString(5, release.version());
      upsert.setString(6, release.requestedBy());
      upsert.setTimestamp(7, new Timestamp(release.startedAtMillis()));
      upsert.setTimestamp(8, new Timestamp(release.finishedAtMillis()));
      upsert.setString(9, release.outcome());
      upsert.setString(10, JSON.writeValueAsString(new TreeMap<>(release.images())));
      upsert.setString(11, release.failure());
      upsert.setString(12, JSON.writeValueAsString(release.compensations()));
      upsert.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw new IllegalStateException("could not record release " + release.workflowId() + ": " + e.getMessage(), e);
    }
  }
}
