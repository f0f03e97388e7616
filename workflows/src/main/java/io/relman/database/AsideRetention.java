package io.relman.database;

import io.relman.plan.Database;
import io.relman.plan.Host;
import io.relman.plan.OnHost;

/** The databases restores set aside, dropped once older than {@code keepDays} (by the name's time). */
public record AsideRetention(Host host, Database database, int keepDays, long nowMillis) implements OnHost {}
