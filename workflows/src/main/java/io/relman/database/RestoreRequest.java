package io.relman.database;

import io.relman.plan.Database;

public record RestoreRequest(Database database, BackupFile backup) {}
