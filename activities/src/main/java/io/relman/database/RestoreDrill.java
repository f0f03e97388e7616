package io.relman.database;

import io.relman.plan.Database;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore drill: the backup restored into a scratch database beside the live one, compared with its
 * fingerprint, the plan's drill_check run on it, the scratch database dropped. What is wrong with the
 * backup is the drill's finding, not a failure; only a failure of the tools (the engine gone) throws.
 */
final class RestoreDrill {
    private static final Logger log = LoggerFactory.getLogger(RestoreDrill.class);

    private RestoreDrill() {}

    static DrillOutcome run(PgSession pg, DrillRequest request, BackupDirectory directory, Runnable heartbeat) {
        Database database = request.database();
        BackupFile backup = request.backup();
        long started = System.currentTimeMillis();
        Optional<String> damage = directory.damage(backup);
        if (damage.isPresent()) {
            return new DrillOutcome(backup.id(), 0, "", List.of(damage.get()), "");
        }
        ScratchDatabase scratch = new ScratchDatabase(pg, database, request.scratchDatabase(), null);
        scratch.create();
        List<String> problems = new ArrayList<>();
        String rowCounts = "";
        String checkOutput = "";
        try {
            try {
                scratch.fill(backup, heartbeat);
                DatabaseFingerprint restored = scratch.fingerprint();
                rowCounts = restored.rowCountsText();
                problems.addAll(restored.differencesFrom(backup.fingerprint()));
                if (problems.isEmpty()
                        && request.check() != null
                        && !request.check().isBlank()) {
                    checkOutput = scratch.run(request.check()).strip();
                }
            } catch (ApplicationFailure finding) {
                problems.add(finding.getOriginalMessage()); // pg_restore or drill_check failed
            }
        } catch (RuntimeException failure) {
            scratch.drop(failure);
            throw failure;
        }
        scratch.drop(null);
        long elapsed = System.currentTimeMillis() - started;
        log.info("drill of {}: {} in {} ms", backup.id(), problems.isEmpty() ? "passed" : problems, elapsed);
        return new DrillOutcome(backup.id(), elapsed, rowCounts, problems, checkOutput);
    }
}
