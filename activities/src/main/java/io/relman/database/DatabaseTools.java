package io.relman.database;

import com.github.dockerjava.api.exception.NotFoundException;
import io.relman.docker.DockerExec;
import io.relman.plan.Database;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.activity.ActivityExecutionContext;
import java.util.List;

/**
 * The one seam between relman's backup, restore and drill activities and the database server: each engine's own
 * tools, run in the database's container, behind the same operations and guarantees (a dump whose fingerprint is
 * its snapshot's, a restore verified in scratch and swapped in at once, the replaced data kept aside).
 */
interface DatabaseTools {
    /**
     * The tools of {@code database}'s engine for a step that starts something (a dump, a restore, a drill, a
     * pre-flight): a container that is not there is refused at once, since retrying would only repeat Docker's
     * "no such container". Undo steps take {@link #of} and keep retrying: a container being recreated returns.
     */
    static DatabaseTools present(DockerExec exec, Database database, SecretResolver secrets) {
        try {
            exec.docker().inspectContainerCmd(database.container()).exec();
        } catch (NotFoundException absent) {
            throw FailureType.PREFLIGHT_FAILED.failure("the database container " + database.container()
                    + " does not exist on its Docker engine: start the stack, or name the container that runs"
                    + " the database in database.container of the plan.");
        }
        return of(exec, database, secrets);
    }

    /** The tools of {@code database}'s engine, run through {@code exec} with the secrets the plan names. */
    static DatabaseTools of(DockerExec exec, Database database, SecretResolver secrets) {
        return switch (database.engine()) {
            case POSTGRESQL -> new PostgresTools(PgSession.of(exec, database, secrets));
            case MARIADB, MYSQL -> new MariaDbTools(MariaDbSession.of(exec, database, secrets));
        };
    }

    /**
     * Dumps the database into {@code directory} as backup {@code request.backupId()}, its manifest last; the
     * activity's heartbeats tell how far the dump is.
     */
    BackupFile dump(
            DumpRequest request, BackupDirectory directory, ActivityExecutionContext activity, String machineQueue);

    /**
     * Restores {@code request.backup()} all or nothing; the restored fingerprint. The caller checks the backup's
     * sha256 first, unless these tools check it from the read that restores it ({@link #checksWhileRestoring}).
     */
    DatabaseFingerprint restore(RestoreRequest request, Runnable heartbeat);

    /** Whether {@link #restore} checks the backup's sha256 from the read that restores it, before the swap. */
    default boolean checksWhileRestoring(BackupFile backup) {
        return false;
    }

    /** Restores {@code request.backup()} into a scratch database only, checks it and drops it. */
    DrillOutcome drill(DrillRequest request, BackupDirectory directory, Runnable heartbeat);

    /** Puts back what a restore replaced; idempotent. */
    String putBack(PutBackRequest request);

    /** Drops what restores set aside once it is old enough; each one dropped, in words. */
    List<String> dropAsides(AsideRetention request);

    /** The live database's size in bytes. */
    long sizeBytes();

    /** The live database's fingerprint now. */
    DatabaseFingerprint fingerprint();

    /** Whether the user a restore runs as may do it: the verdict in words, or a PREFLIGHT_FAILED naming the grant. */
    String restoreAccess();
}
