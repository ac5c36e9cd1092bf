-- Schema 3: cheaper row updates on the hot path.
-- Keys are only ever compared for equality, and equality under the database's default collation is already
-- byte equality; "C" makes every index comparison a memcmp instead of a strcoll call (no table rewrite, the
-- primary key indexes are rebuilt). Grain state rows are rewritten on every state change: with half of each new
-- page left free, a page takes several heap-only updates before it has to be pruned, instead of about one.
-- Pages written before this script keep their old fill until they are rewritten.
ALTER TABLE grain_state
    ALTER COLUMN grain_type TYPE text COLLATE "C",
    ALTER COLUMN grain_key  TYPE text COLLATE "C",
    ALTER COLUMN state_name TYPE text COLLATE "C";

ALTER TABLE grain_state SET (fillfactor = 50);

ALTER TABLE reminders
    ALTER COLUMN grain_type TYPE text COLLATE "C",
    ALTER COLUMN grain_key  TYPE text COLLATE "C",
    ALTER COLUMN name       TYPE text COLLATE "C";
