package io.relman.backup;

import io.relman.plan.Plan;

/**
 * {@code relman restore}: put {@code backupId} back as the environment's database.
 *
 * @param plan the whole plan: the services whose traffic is held while the database is swapped
 */
public record RestoreOrder(Plan plan, String environment, String backupId, String requestedBy) {}
