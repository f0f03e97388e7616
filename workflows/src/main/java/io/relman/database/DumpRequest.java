package io.relman.database;

import io.relman.plan.Database;

/**
 * @param backupId unique and readable, e.g. {@code shop-demo-20261123-180512-before-v2}; names the files
 * @param releaseId the workflow id of the release taking it, or null for a backup of its own
 */
public record DumpRequest(Database database, String backupId, String releaseId) {}
