package io.relman.backup;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.database.BackupActivities;
import io.relman.database.BackupFile;
import io.relman.database.StoredBackup;
import io.relman.temporal.RelmanActivityOptions;
import java.util.List;
import java.util.Map;

public class BackupCatalogWorkflowImpl implements BackupCatalogWorkflow {
    @Override
    public BackupCatalog catalog(BackupRequest request, boolean verify) {
        List<StoredBackup> backups = stub(
                        BackupActivities.class,
                        RelmanActivityOptions.quick(),
                        "list the backups of " + request.environment())
                .list(BackupRuns.query(request));
        Map<String, String> damaged = verify
                ? stub(BackupActivities.class, RelmanActivityOptions.backup(), "re-read every backup's sha256")
                        .damaged(BackupRuns.query(request))
                : Map.of();
        BackupRecords records = BackupRuns.records(request);
        List<BackupEntry> entries = backups.stream()
                .map(stored -> {
                    BackupFile backup = stored.backup();
                    String checksum =
                            !verify ? BackupEntry.NOT_READ : damaged.getOrDefault(backup.id(), BackupEntry.WHOLE);
                    DrillRecord lastDrill = records.drills().stream()
                            .filter(drill -> drill.backupId().equals(backup.id()))
                            .findFirst()
                            .orElse(null);
                    return new BackupEntry(
                            backup.id(),
                            stored.finishedAtMillis(),
                            backup.sizeBytes(),
                            backup.sha256(),
                            backup.releaseId(),
                            checksum,
                            lastDrill,
                            records.usedBy().get(backup.id()));
                })
                .toList();
        return new BackupCatalog(
                entries, records.drills().isEmpty() ? null : records.drills().get(0));
    }
}
