package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/**
 * @param backupId unique and readable, e.g. {@code shop-demo-20261123-180512-before-v2}; names the files
 * @param releaseId the workflow id of the release taking it, or null for a backup of its own
 * @param host the machine whose docker engine this acts on
 */
public record DumpRequest(Host host, Database database, String backupId, String releaseId) implements OnHost {}
