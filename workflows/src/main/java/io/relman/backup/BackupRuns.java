package io.relman.backup;

import static io.relman.temporal.ActivityStubs.stub;

import io.relman.access.PlanAccess;
import io.relman.database.BackupIds;
import io.relman.database.BackupQuery;
import io.relman.notify.Notification;
import io.relman.notify.RunNotifications;
import io.relman.plan.Host;
import io.relman.plan.Webhook;
import io.relman.saga.Compensations;
import io.relman.temporal.RelmanActivityOptions;
import io.relman.temporal.RelmanTemporal;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/** What the Backup, Drill and catalog workflows share: their search attributes and relman's records. */
final class BackupRuns {
    private BackupRuns() {}

    /** The environment, for the Web UI's filters (a schedule's runs get it here, not from the CLI). */
    static void tag(BackupRequest request) {
        Workflow.upsertTypedSearchAttributes(RelmanTemporal.ENVIRONMENT.valueSet(request.environment()));
    }

    static void state(BackupState state) {
        Workflow.upsertTypedSearchAttributes(RelmanTemporal.BACKUP_STATE.valueSet(state.value()));
    }

    /** What the run touches on the worker's host, for the worker's check before the first effect. */
    static PlanAccess access(BackupRequest request) {
        List<Host> hosts = new ArrayList<>();
        hosts.add(request.host());
        hosts.add(request.copyHost());
        return PlanAccess.of(
                request.project(),
                request.environment(),
                hosts,
                request.database(),
                request.webhooks().stream().map(Webhook::urlEnv).toList());
    }

    /**
     * Tells the webhooks that want it of {@code event}, the run's only one; asks for the version marker
     * {@code change} only then, so that runs without such webhooks keep their commands.
     */
    static void tell(BackupRequest request, String kind, String event, String reason, String change) {
        if (request.webhooks().stream().noneMatch(webhook -> webhook.wants(event))
                || Workflow.getVersion(change, Workflow.DEFAULT_VERSION, 1) != 1) {
            return;
        }
        new RunNotifications(request.webhooks())
                .send(sequence -> new Notification(
                        sequence,
                        event,
                        request.project(),
                        request.environment(),
                        null,
                        kind,
                        request.requestedBy(),
                        Workflow.getInfo().getWorkflowId(),
                        Workflow.getInfo().getRunId(),
                        reason,
                        List.of()));
    }

    static BackupQuery query(BackupRequest request) {
        return new BackupQuery(
                request.database().backupDir(), BackupIds.prefix(request.project(), request.environment()));
    }

    static BackupRecords records(BackupRequest request) {
        return stub(
                        BackupRecordActivities.class,
                        RelmanActivityOptions.quick(),
                        "read which backups releases and drills rely on")
                .records(request);
    }

    /** The activity's own words, not Temporal's wrapping of them. */
    static String reason(ActivityFailure failure) {
        return Compensations.rootMessage(failure);
    }
}
