package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/** The live database whose fingerprint is asked for, on the host whose engine runs its container. */
public record FingerprintRequest(Host host, Database database) implements OnHost {}
