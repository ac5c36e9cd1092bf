-- Schema 2: cluster membership (same shape as PostgreSQL). One row per silo incarnation.
-- status: 0 joining, 1 active, 2 dead, 3 left. activations: the silo's activation count at its last heartbeat (for the status command). Times are Unix milliseconds.
CREATE TABLE silos (
    silo_id      TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    generation   INTEGER NOT NULL,
    host         TEXT    NOT NULL,
    port         INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
    status       INTEGER NOT NULL CHECK (status BETWEEN 0 AND 3),
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL,
    activations  INTEGER NOT NULL DEFAULT 0 CHECK (activations >= 0)
);
