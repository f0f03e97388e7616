-- The database backup taken before the release's migration: {"id", "path", "sizeBytes", "sha256", ...}.
ALTER TABLE releases ADD COLUMN backup jsonb;
