package io.relman.release;

import io.relman.database.BackupFile;
import java.util.Map;

/**
 * @param release the release to go back to ({@code version} is the target)
 * @param fromVersion the release the environment runs now; the rollback refuses to start otherwise
 * @param restoreDatabaseFrom the backup to restore instead of running the migration down, or null
 * @param images service name to the id of the image the release went out with, as relman recorded it: the
 *     rollback runs that image, even if its tag was pointed at another since; null in runs started before
 */
public record RollbackRequest(
        ReleaseRequest release, String fromVersion, BackupFile restoreDatabaseFrom, Map<String, String> images) {
    public RollbackRequest {
        images = images == null ? null : Map.copyOf(images);
    }
}
