-- One row per restore drill: which backup was restored into a scratch database, and whether it came
-- back as it was dumped. `relman backup list` and retention (never the newest verified one) read it.
CREATE TABLE backup_drills (
    run_id      text PRIMARY KEY,
    workflow_id text        NOT NULL,
    project     text        NOT NULL,
    environment text        NOT NULL,
    backup_id   text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    passed      boolean     NOT NULL,
    message     text        NOT NULL
);

CREATE INDEX backup_drills_by_environment ON backup_drills (project, environment, finished_at DESC);
