-- What the run released: a whole version (deploy) or only its migration.
ALTER TABLE releases ADD COLUMN kind text NOT NULL DEFAULT 'deploy';
