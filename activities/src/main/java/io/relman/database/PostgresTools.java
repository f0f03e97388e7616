package io.relman.database;

import io.relman.plan.Database;
import io.relman.temporal.FailureType;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;

/** PostgreSQL's tools (pg_dump, pg_restore, psql) in the database's container. */
record PostgresTools(PgSession pg) implements DatabaseTools {
    @Override
    public BackupFile dump(
            DumpRequest request, BackupDirectory directory, ActivityExecutionContext activity, String machineQueue) {
        return new BackupDump(pg, directory, activity).take(request, machineQueue);
    }

    @Override
    public DatabaseFingerprint restore(RestoreRequest request, Runnable heartbeat) {
        return new AtomicRestore(pg, request).restore(request.backup(), heartbeat);
    }

    @Override
    public boolean checksWhileRestoring(BackupFile backup) {
        return !backup.directoryFormat(); // ScratchDatabase.fill digests the dump as pg_restore reads it
    }

    @Override
    public DrillOutcome drill(DrillRequest request, BackupDirectory directory, Runnable heartbeat) {
        return RestoreDrill.run(pg, request, directory, heartbeat);
    }

    @Override
    public String putBack(PutBackRequest request) {
        return AtomicRestore.putBack(pg, request);
    }

    @Override
    public List<String> dropAsides(AsideRetention request) {
        return AtomicRestore.dropAsides(pg, request);
    }

    @Override
    public long sizeBytes() {
        return Long.parseLong(pg.script(pg.database().name(), Map.of(), PgCommands.DATABASE_SIZE_SQL)
                .strip());
    }

    @Override
    public DatabaseFingerprint fingerprint() {
        return pg.fingerprint(pg.database().name());
    }

    @Override
    public String restoreAccess() {
        Database database = pg.database();
        String answer;
        try {
            // The restore's own connection: the maintenance database, as the role that creates the scratch one.
            answer = pg.maintenance(Map.of(PgCommands.VAR_LIVE, database.name()), RestorePrivileges.ROLE_SQL);
        } catch (ApplicationFailure failure) {
            if (!FailureType.RESTORE_FAILED.typeName().equals(failure.getType())) {
                throw failure; // a secret the worker does not hand out, an engine that does not answer
            }
            throw FailureType.PREFLIGHT_FAILED.failure("relman could not connect to the database "
                    + PgCommands.MAINTENANCE_DATABASE + " in " + database.container() + " as " + database.scratchRole()
                    + (database.adminUser() == null ? "" : " (the plan's database.admin_user)")
                    + ", as restoring a backup does to create its scratch database: " + failure.getOriginalMessage());
        }
        RestorePrivileges.Verdict verdict = RestorePrivileges.decide(database, RestorePrivileges.Rights.parse(answer));
        if (!verdict.allowed()) {
            throw FailureType.PREFLIGHT_FAILED.failure(verdict.text());
        }
        return verdict.text();
    }
}
