package io.relman.database;

import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB's and MySQL's tools (mariadb-dump, the mariadb client) in the database's container, with PostgreSQL's
 * guarantees: a restore goes into a scratch schema while the live one serves on, is verified there against the
 * dump's fingerprint, and takes the live one's place in one RENAME TABLE; the replaced tables stay in a schema set
 * aside. Any failure before the swap drops the scratch schema and leaves the live one as it was.
 */
record MariaDbTools(MariaDbSession db) implements DatabaseTools {
    private static final Logger log = LoggerFactory.getLogger(MariaDbTools.class);

    private MariaDbSchemas schemas() {
        return new MariaDbSchemas(db);
    }

    @Override
    public BackupFile dump(
            DumpRequest request, BackupDirectory directory, ActivityExecutionContext activity, String machineQueue) {
        return new MariaDbDump(db, directory, activity).take(request, machineQueue);
    }

    @Override
    public DatabaseFingerprint restore(RestoreRequest request, Runnable heartbeat) {
        Database database = db.database();
        BackupFile backup = request.backup();
        String scratch = request.scratchDatabase();
        String aside = request.asideDatabase();
        MariaDbSchemas schemas = schemas();
        Set<String> existing = schemas.existing();
        // An aside schema holding tables is a swap that happened; an empty one, a swap that died before it.
        if (existing.contains(aside) && !schemas.baseTables(aside).isEmpty() && !existing.contains(scratch)) {
            log.info("{} is already restored ({} is aside): verifying it", database.name(), aside);
            return AtomicRestore.verified(
                    schemas.fingerprint(database.name()), backup.fingerprint(), "the restored " + database.name());
        }
        if (existing.contains(aside)) {
            schemas.drop(aside, null);
        }
        schemas.createLikeLive(scratch);
        try {
            schemas.fill(scratch, backup, heartbeat);
            DatabaseFingerprint restored = AtomicRestore.verified(
                    schemas.fingerprint(scratch),
                    backup.fingerprint(),
                    "the restore in " + scratch + " (the live database " + database.name() + " was not touched)");
            swap(database.name(), scratch, aside, "the verified restore could not take the place of ");
            schemas.drop(scratch, null);
            log.info("{} restored; the tables it replaced are kept in {}", database.name(), aside);
            return restored;
        } catch (RuntimeException failure) {
            schemas.drop(scratch, failure);
            throw failure;
        }
    }

    private void swap(String live, String incoming, String aside, String failing) {
        new MariaDbTableSwap(db, schemas()).run(live, incoming, aside, failing);
    }

    @Override
    public DrillOutcome drill(DrillRequest request, BackupDirectory directory, Runnable heartbeat) {
        BackupFile backup = request.backup();
        long started = System.currentTimeMillis();
        var damage = directory.damage(backup);
        if (damage.isPresent()) {
            return new DrillOutcome(backup.id(), 0, "", List.of(damage.get()), "");
        }
        MariaDbSchemas schemas = schemas();
        String scratch = request.scratchDatabase();
        schemas.createLikeLive(scratch);
        List<String> problems = new ArrayList<>();
        String rowCounts = "";
        String checkOutput = "";
        try {
            try {
                schemas.fill(scratch, backup, heartbeat);
                DatabaseFingerprint restored = schemas.fingerprint(scratch);
                rowCounts = restored.rowCountsText();
                problems.addAll(restored.differencesFrom(backup.fingerprint()));
                if (problems.isEmpty()
                        && request.check() != null
                        && !request.check().isBlank()) {
                    String check = request.check().strip();
                    checkOutput = db.admin(scratch, check.endsWith(";") ? check + "\n" : check + ";\n")
                            .strip();
                }
            } catch (ApplicationFailure finding) {
                problems.add(finding.getOriginalMessage()); // the load or the drill_check failed
            }
        } catch (RuntimeException failure) {
            schemas.drop(scratch, failure);
            throw failure;
        }
        schemas.drop(scratch, null);
        long elapsed = System.currentTimeMillis() - started;
        log.info("drill of {}: {} in {} ms", backup.id(), problems.isEmpty() ? "passed" : problems, elapsed);
        return new DrillOutcome(backup.id(), elapsed, rowCounts, problems, checkOutput);
    }

    @Override
    public String putBack(PutBackRequest request) {
        String live = db.database().name();
        MariaDbSchemas schemas = schemas();
        Set<String> existing = schemas.existing();
        // Decided by what the schemas hold: an aside schema without tables has nothing to put back.
        if (!existing.contains(request.asideDatabase())
                || schemas.baseTables(request.asideDatabase()).isEmpty()) {
            return existing.contains(request.restoredAside())
                    ? live + " was already put back; the restored one is kept as " + request.restoredAside()
                    : "the restore never replaced " + live + ": nothing to put back";
        }
        swap(
                live,
                request.asideDatabase(),
                request.restoredAside(),
                "the tables set aside could not take the place of ");
        schemas.drop(request.asideDatabase(), null);
        return live + " is the database from before the restore again; the restored one is kept as "
                + request.restoredAside();
    }

    @Override
    public List<String> dropAsides(AsideRetention request) {
        MariaDbSchemas schemas = schemas();
        String live = db.database().name();
        String prefix = RestoreDatabases.asidePrefix(live);
        List<String> listed = schemas.existing().stream()
                .filter(name -> name.startsWith(prefix))
                .toList();
        List<String> dropped = new ArrayList<>();
        for (AtomicRestore.Due due : AtomicRestore.dueAsides(live, listed, request)) {
            schemas.drop(due.name(), null);
            log.info("dropped {}, set aside by a restore {} days ago", due.name(), due.days());
            dropped.add(due.name() + " (set aside by a restore " + due.days() + " days ago)");
        }
        return dropped;
    }

    @Override
    public long sizeBytes() {
        String name = db.database().name();
        return Long.parseLong(db.query(name, MariaDbCommands.sizeSql(name)).strip());
    }

    @Override
    public DatabaseFingerprint fingerprint() {
        return schemas().fingerprint(db.database().name());
    }

    @Override
    public String restoreAccess() {
        Database database = db.database();
        List<String> lines;
        try {
            // Batch output escapes a backslash: a grant on `relman\_%` reads `relman\\_%` until unescaped.
            lines =
                    MariaDbCommands.fields(db.admin(null, "SELECT CURRENT_USER();\nSHOW GRANTS FOR CURRENT_USER();\n"))
                            .stream()
                            .map(row -> row.get(0))
                            .toList();
        } catch (ApplicationFailure failure) {
            throw FailureType.PREFLIGHT_FAILED.failure("relman could not connect to " + database.container() + " as "
                    + database.scratchRole() + ", as restoring a backup does: " + failure.getOriginalMessage());
        }
        MariaDbPrivileges.Verdict verdict =
                MariaDbPrivileges.decide(database, lines.get(0), lines.subList(1, lines.size()));
        if (!verdict.allowed()) {
            throw FailureType.PREFLIGHT_FAILED.failure(verdict.text());
        }
        return verdict.text();
    }
}
