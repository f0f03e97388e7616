package io.relman.database;

import io.relman.plan.Database;

/** @param backupId unique and readable, e.g. {@code shop-demo-20261123-1805-v2}; names the files */
public record DumpRequest(Database database, String backupId) {}
