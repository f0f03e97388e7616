package io.relman.database;

import io.relman.plan.Database;

/** The databases restores set aside, dropped once older than {@code keepDays} (by the name's time). */
public record AsideRetention(Database database, int keepDays, long nowMillis) {}
