package io.relman.database;

import io.relman.docker.DockerEngines;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import io.relman.temporal.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the database server, with psql in its container, what the role a restore would use may do. */
public class RestoreAccessActivitiesImpl implements RestoreAccessActivities {
    private static final Logger log = LoggerFactory.getLogger(RestoreAccessActivitiesImpl.class);

    private final DockerEngines engines;
    private final SecretResolver secrets;

    public RestoreAccessActivitiesImpl(DockerEngines engines, SecretResolver secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    @Override
    public String check(Host host, Database database) {
        PgSession pg = PgSession.of(engines.on(host).exec(), database, secrets);
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
        log.info("restore access of {} in {}: {}", database.name(), database.container(), verdict.text());
        return verdict.text();
    }
}
