package io.relman.cli.backup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.relman.backup.BackupCatalog;
import io.relman.backup.BackupCatalogWorkflow;
import io.relman.backup.BackupEntry;
import io.relman.backup.BackupRequest;
import io.relman.backup.DrillRecord;
import io.relman.cli.common.ExitCode;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        header = "List the environment's backups, newest first, and its last drill.",
        mixinStandardHelpOptions = true,
        description = {
            "List the environment's backups, newest first: id, when it finished, size, sha256, whether its",
            "data was read (see verify), its last restore drill and the releases that use it; then the",
            "environment's last drill, which exits 1 when it failed."
        },
        footer = {"", "Example:", "  relman backup list --env demo --json"})
class BackupListCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
    /** Re-reading every backup takes as long as reading them from disk. */
    private static final Duration ANSWER_WITHIN = Duration.ofHours(1);

    @Mixin
    BackupTarget target;

    @Option(names = "--json", description = "Print the list as JSON, for scripts.")
    boolean json;

    /** Whether each backup's data is re-read against its sha256 ({@code verify}). */
    boolean verify() {
        return false;
    }

    @Override
    public Integer call() {
        BackupRequest request = target.request();
        WorkflowClient client = target.connect();
        BackupCatalog catalog = target.temporal.ask(
                "backup-catalog-" + request.project() + "-" + request.environment(),
                (verify() ? "Verify" : "List") + " the backups of " + request.project() + " " + request.environment(),
                ANSWER_WITHIN,
                client,
                options -> client.newWorkflowStub(BackupCatalogWorkflow.class, options)
                        .catalog(request, verify()));
        if (json) {
            printJson(catalog);
        } else {
            printTable(request, catalog);
        }
        boolean damaged = catalog.backups().stream().anyMatch(BackupEntry::damaged);
        boolean drillFailed =
                catalog.lastDrill() != null && !catalog.lastDrill().passed();
        return damaged || drillFailed ? ExitCode.FAILED : ExitCode.DONE;
    }

    private void printTable(BackupRequest request, BackupCatalog catalog) {
        if (catalog.backups().isEmpty()) {
            System.out.println("No backup of " + request.project() + " " + request.environment() + " in "
                    + request.database().backupDir() + ".");
        } else {
            String row = "%-48s  %-16s  %7s  %9s  %-12s  %-10s  %-20s  %s%n";
            System.out.printf(row, "ID", "FINISHED (UTC)", "AGE", "SIZE", "SHA256", "DATA", "LAST DRILL", "USED BY");
            for (BackupEntry backup : catalog.backups()) {
                System.out.printf(
                        row,
                        backup.id(),
                        TIME.format(Instant.ofEpochMilli(backup.finishedAtMillis())),
                        age(backup.finishedAtMillis()),
                        size(backup.sizeBytes()),
                        backup.sha256().substring(0, 12),
                        backup.damaged() ? "DAMAGED" : backup.checksum(),
                        drill(backup.lastDrill()),
                        backup.usedBy() == null ? "-" : backup.usedBy());
            }
            catalog.backups().stream()
                    .filter(BackupEntry::damaged)
                    .forEach(b -> System.out.println("DAMAGED " + b.id() + ": " + b.checksum()));
        }
        DrillRecord last = catalog.lastDrill();
        System.out.println(
                last == null
                        ? "No restore drill has run: relman backup drill --env " + request.environment()
                        : "Last restore drill: " + (last.passed() ? "passed" : "FAILED") + " at "
                                + TIME.format(Instant.ofEpochMilli(last.finishedAtMillis())) + " UTC, backup "
                                + last.backupId()
                                + " (" + last.workflowId() + "): " + last.message());
    }

    private static void printJson(BackupCatalog catalog) {
        try {
            System.out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(catalog));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String drill(DrillRecord drill) {
        return drill == null
                ? "-"
                : (drill.passed() ? "passed " : "FAILED ")
                        + TIME.format(Instant.ofEpochMilli(drill.finishedAtMillis()));
    }

    private static String age(long finishedAtMillis) {
        Duration age = Duration.ofMillis(Math.max(0, System.currentTimeMillis() - finishedAtMillis));
        return age.toDays() > 0 ? age.toDays() + "d" : age.toHours() > 0 ? age.toHours() + "h" : age.toMinutes() + "m";
    }

    static String size(long bytes) {
        return bytes >= 1 << 30
                ? String.format("%.1f GB", bytes / (double) (1 << 30))
                : bytes >= 1 << 20 ? String.format("%.1f MB", bytes / (double) (1 << 20)) : (bytes / 1024) + " kB";
    }
}
