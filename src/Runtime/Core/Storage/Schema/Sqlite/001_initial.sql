-- Schema 1: cluster configuration, shard leases, grain state and reminders (same shape as PostgreSQL).

CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE cluster_config (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    shard_count INTEGER NOT NULL CHECK (shard_count > 0),
    created_at  TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE shard_leases (
    shard      INTEGER PRIMARY KEY,
    owner      TEXT    NOT NULL DEFAULT '',
    epoch      INTEGER NOT NULL DEFAULT 0,
    expires_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE grain_state (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    state_name TEXT    NOT NULL,
    shard      INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    payload    BLOB,
    PRIMARY KEY (grain_type, grain_key, state_name)
);

CREATE TABLE reminders (
    grain_type TEXT    NOT NULL,
    grain_key  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    shard      INTEGER NOT NULL,
    start_at   INTEGER NOT NULL,
    due_at     INTEGER NOT NULL,
    period_ms  INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    PRIMARY KEY (grain_type, grain_key, name)
);

CREATE INDEX reminders_shard_due_at ON reminders (shard, due_at);
