package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/**
 * The undo of a restore: the database kept aside by it ({@code asideDatabase}) takes the live name
 * again, and the restored one is kept as {@code restoredAside}.
 */
public record PutBackRequest(Host host, Database database, String asideDatabase, String restoredAside)
        implements OnHost {}
