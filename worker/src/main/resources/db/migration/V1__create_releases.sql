-- One row per release attempt (a workflow run), kept after Temporal's retention removes the run.
CREATE TABLE releases (
    run_id       text PRIMARY KEY,
    workflow_id  text        NOT NULL,
    project      text        NOT NULL,
    environment  text        NOT NULL,
    version      text        NOT NULL,
    requested_by text        NOT NULL,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    images       jsonb       NOT NULL,
    failure      text
);

CREATE INDEX releases_by_environment ON releases (project, environment, finished_at DESC);
