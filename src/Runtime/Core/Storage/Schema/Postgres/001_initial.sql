-- Schema 1: cluster configuration, shard leases, grain state and reminders.
-- Tables that churn keep free space in each page (fillfactor below 100) and index no column that
-- changes on the hot path, so updates stay heap-only; the one exception is reminders.due_at,
-- which ReadDue needs.

CREATE TABLE IF NOT EXISTS schema_version (
    version    integer     PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

-- One row: the shard count is fixed when the database is created.
CREATE TABLE cluster_config (
    id          integer PRIMARY KEY CHECK (id = 1),
    shard_count integer NOT NULL CHECK (shard_count > 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Renewed every few seconds by every silo: only expires_at changes between takeovers.
CREATE TABLE shard_leases (
    shard      integer PRIMARY KEY,
    owner      text    NOT NULL DEFAULT '',
    epoch      bigint  NOT NULL DEFAULT 0,
    expires_at bigint  NOT NULL DEFAULT 0
) WITH (fillfactor = 70);

CREATE TABLE grain_state (
    grain_type text   NOT NULL,
    grain_key  text   NOT NULL,
    state_name text   NOT NULL,
    shard      integer NOT NULL,
    version    bigint NOT NULL,
    payload    bytea,
    PRIMARY KEY (grain_type, grain_key, state_name)
) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.05);

CREATE TABLE reminders (
    grain_type text    NOT NULL,
    grain_key  text    NOT NULL,
    name       text    NOT NULL,
    shard      integer NOT NULL,
    start_at   bigint  NOT NULL,
    due_at     bigint  NOT NULL,
    period_ms  bigint  NOT NULL,
    version    bigint  NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.05);

CREATE INDEX reminders_shard_due_at ON reminders (shard, due_at) WITH (fillfactor = 80);
