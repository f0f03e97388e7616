package io.relman.cli.backup;

import io.grpc.Status;
import io.relman.backup.BackupRequest;
import io.relman.cli.common.TemporalOptions;
import io.relman.temporal.RelmanTemporal;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Temporal Schedules of an environment's backups and drills, as the CLI creates, reads and removes them. */
public final class Schedules {
    /**
     * A run missed while the server was down starts when it is back within this window, and is
     * skipped after it (the server's own default is a year: a week-old backup run at once is noise).
     */
    static final Duration CATCHUP_WINDOW = Duration.ofHours(1);

    private final WorkflowClient client;
    private final ScheduleClient schedules;
    private final TemporalOptions temporal;

    Schedules(WorkflowClient client, TemporalOptions temporal) {
        this.client = client;
        this.temporal = temporal;
        this.schedules = ScheduleClient.newInstance(
                client.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder()
                        .setNamespace(temporal.namespace)
                        // The backup's request is a payload like any other: encrypted when the CLI has keys.
                        .setDataConverter(client.getOptions().getDataConverter())
                        .build());
    }

    /** Creates the schedule {@code id}, or updates it to this; "created" or "updated". */
    String put(String id, String workflowType, BackupRequest request, String cron, String note) {
        Schedule schedule = Schedule.newBuilder()
                .setAction(ScheduleActionStartWorkflow.newBuilder()
                        .setWorkflowType(workflowType)
                        .setArguments(request)
                        .setOptions(WorkflowOptions.newBuilder()
                                .setWorkflowId(id) // the server appends the scheduled time
                                .setTaskQueue(temporal.taskQueue)
                                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                                        .set(RelmanTemporal.ENVIRONMENT, request.environment())
                                        .build())
                                // No static summary: the SDK (1.38) cannot read back a schedule whose
                                // action has one (the server returns it without its encoding).
                                .build())
                        .build())
                .setSpec(ScheduleSpec.newBuilder()
                        .setCronExpressions(List.of(cron))
                        .build())
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                        .setCatchupWindow(CATCHUP_WINDOW)
                        .build())
                .setState(ScheduleState.newBuilder().setNote(note).build())
                .build();
        try {
            schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
            return "created";
        } catch (ScheduleAlreadyRunningException exists) {
            schedules.getHandle(id).update(current -> new ScheduleUpdate(schedule));
            return "updated";
        }
    }

    /** Removes the schedule; whether there was one. Runs it started go on. */
    boolean delete(String id) {
        try {
            schedules.getHandle(id).delete();
            return true;
        } catch (ScheduleException e) {
            if (notFound(e)) {
                return false;
            }
            throw e;
        }
    }

    Optional<ScheduleDescription> describe(String id) {
        try {
            return Optional.of(schedules.getHandle(id).describe());
        } catch (ScheduleException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static boolean notFound(ScheduleException e) {
        return Status.fromThrowable(e.getCause()).getCode() == Status.Code.NOT_FOUND;
    }

    /** A run of {@code id} in progress: the one started by hand under that id, or one its schedule started. */
    Optional<WorkflowStub> running(String id) {
        try {
            WorkflowStub byHand = client.newUntypedWorkflowStub(id);
            if (byHand.describe().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return Optional.of(byHand);
            }
        } catch (WorkflowNotFoundException never) {
            // never started by hand
        }
        for (ScheduleActionExecution action :
                describe(id).map(d -> d.getInfo().getRunningActions()).orElse(List.of())) {
            if (action instanceof ScheduleActionExecutionStartWorkflow started) {
                return Optional.of(client.newUntypedWorkflowStub(
                        started.getWorkflowId(), Optional.of(started.getFirstExecutionRunId()), Optional.empty()));
            }
        }
        return Optional.empty();
    }
}
