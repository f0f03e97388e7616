package io.relman.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.relman.backup.BackupReport;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The backup schedules relman made, as the tests read them through Temporal's schedule API, and their backups. */
final class BackupSchedules {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BackupSchedules() {}

    static ScheduleClient client(E2eRuntime runtime) {
        return ScheduleClient.newInstance(
                runtime.service,
                ScheduleClientOptions.newBuilder()
                        .setNamespace(E2eRuntime.NAMESPACE)
                        .setDataConverter(runtime.client.getOptions().getDataConverter())
                        .build());
    }

    /** Waits for the schedule's {@code count}th run and its report. */
    static BackupReport awaitRun(E2eRuntime runtime, ScheduleHandle schedule, long count) {
        Wait.until(
                "run " + count + " of " + schedule.getId(),
                Duration.ofMinutes(3),
                () -> schedule.describe().getInfo().getNumActions() >= count);
        List<ScheduleActionResult> recent = schedule.describe().getInfo().getRecentActions();
        return resultOf(runtime, recent.get(recent.size() - 1));
    }

    static BackupReport resultOf(E2eRuntime runtime, ScheduleActionResult action) {
        ScheduleActionExecutionStartWorkflow run = (ScheduleActionExecutionStartWorkflow) action.getAction();
        WorkflowStub stub = runtime.client.newUntypedWorkflowStub(
                run.getWorkflowId(), Optional.of(run.getFirstExecutionRunId()), Optional.empty());
        try {
            return stub.getResult(3, TimeUnit.MINUTES, BackupReport.class);
        } catch (TimeoutException e) {
            throw new AssertionError(run.getWorkflowId() + " did not finish", e);
        }
    }

    /**
     * Makes backup {@code disguised} (in {@code directory}) hold backup {@code other}'s data, its checksum and size
     * made to match, and removes {@code other}: a backup whole by its checksum that restores other rows than its
     * manifest says, which only a drill can find.
     */
    static void disguise(Path directory, String disguised, String other) throws IOException {
        Path data = dataFile(directory, disguised);
        Files.copy(dataFile(directory, other), data, StandardCopyOption.REPLACE_EXISTING);
        Path manifest = directory.resolve(disguised + ".json");
        ObjectNode written = (ObjectNode) JSON.readTree(manifest.toFile());
        written.put("sha256", sha256(data));
        written.put("sizeBytes", Files.size(data));
        JSON.writeValue(manifest.toFile(), written);
        Files.delete(directory.resolve(other + ".json"));
        Files.delete(dataFile(directory, other));
    }

    static Path dataFile(Path directory, String id) {
        return directory.resolve(id + ".dump");
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
