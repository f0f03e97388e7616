package io.relman.database;

import io.relman.docker.DockerEngines;
import io.relman.secrets.SecretResolver;

/** The live database's fingerprint, read with its own client inside its container as a backup's is. */
public class FingerprintActivitiesImpl implements FingerprintActivities {
    private final DockerEngines engines;
    private final SecretResolver secrets;

    public FingerprintActivitiesImpl(DockerEngines engines, SecretResolver secrets) {
        this.engines = engines;
        this.secrets = secrets;
    }

    @Override
    public DatabaseFingerprint current(FingerprintRequest request) {
        return DatabaseTools.of(engines.on(request.host()).exec(), request.database(), secrets)
                .fingerprint();
    }
}
