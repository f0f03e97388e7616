package io.relman.database;

import io.relman.docker.DockerEngines;
import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.secrets.SecretResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Asks the database server, with its own client in its container, what the user a restore would use may do. */
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
        String verdict = DatabaseTools.present(engines.on(host).exec(), database, secrets)
                .restoreAccess();
        log.info("restore access of {} in {}: {}", database.name(), database.container(), verdict);
        return verdict;
    }
}
