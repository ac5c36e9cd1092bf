-- Schema 2: cluster membership. One row per silo incarnation; a silo that rejoins after being declared
-- dead gets a new row, and a dead or left row never becomes live again.
-- status: 0 joining, 1 active, 2 dead, 3 left. activations: the silo's activation count at its last heartbeat (for the status command). Times are Unix milliseconds, like the lease expiries.
-- Only heartbeat_at changes between status changes, and nothing indexes it, so heartbeats stay heap-only.
CREATE TABLE silos (
    silo_id      text     PRIMARY KEY,
    name         text     NOT NULL,
    generation   bigint   NOT NULL,
    host         text     NOT NULL,
    port         integer  NOT NULL CHECK (port BETWEEN 0 AND 65535),
    status       smallint NOT NULL CHECK (status BETWEEN 0 AND 3),
    started_at   bigint   NOT NULL,
    heartbeat_at bigint   NOT NULL,
    activations  integer  NOT NULL DEFAULT 0 CHECK (activations >= 0)
) WITH (fillfactor = 70);
