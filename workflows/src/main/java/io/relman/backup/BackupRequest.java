package io.relman.backup;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.Webhook;
import java.util.List;

/**
 * A backup, drill or catalog of one environment's database. A schedule holds it as the plan said when
 * {@code relman backup schedule} ran; the password stays a name ({@link Database#passwordEnv()}).
 *
 * @param host the machine whose docker engine runs the database; null in runs started before hosts
 * @param requestedBy who asked: the schedule, or the person running the CLI
 * @param copyHost the host of {@code database.backup.copy_to}, or null: the backup stays on the worker
 * @param webhooks the environment's {@code notify}, told when a backup or a drill fails; empty in schedules
 *     made before it
 */
public record BackupRequest(
        String project,
        String environment,
        Host host,
        Database database,
        String requestedBy,
        Host copyHost,
        List<Webhook> webhooks) {
    public BackupRequest {
        webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    public BackupRequest withRequestedBy(String who) {
        return new BackupRequest(project, environment, host, database, who, copyHost, webhooks);
    }
}
