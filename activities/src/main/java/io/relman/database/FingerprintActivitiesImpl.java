package io.relman.database;

import io.relman.docker.DockerEngines;
import io.relman.plan.Database;
import io.relman.secrets.SecretResolver;
import java.util.Map;

/** The live database's fingerprint, read with psql inside its container as a backup's is. */
public class FingerprintActivitiesImpl implements FingerprintActivities {
    private final DockerEngines engines;
    private final SecretResolver secrets;

    public FingerprintActivitiesImpl(DockerEngines engines, SecretResolver secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    @Override
    public DatabaseFingerprint current(FingerprintRequest request) {
        Database database = request.database();
        PgSession pg = new PgSession(
                engines.on(request.host()).exec(),
                database,
                secrets.resolve(Map.of("PGPASSWORD", database.passwordEnv())));
        return pg.fingerprint(database.name());
    }
}
