-- 004: offline sync between sites (station, township, county) by packages carried on a USB
-- stick. These tables are this installation's own bookkeeping: never carried in a package.

-- The sites this one exchanges packages with. A pairing is made on the upper site (the county
-- for a township, the township for a station), which chooses what the lower site is; both
-- sides derive the same 32-byte key from the pairing code typed on the lower one.
CREATE TABLE sync_peer (
    id TEXT PRIMARY KEY NOT NULL,
    relation TEXT NOT NULL CHECK (relation IN ('upper', 'lower')), -- the peer is above / below
    role TEXT NOT NULL CHECK (role IN ('county', 'township', 'station')), -- the peer's role
    site_id TEXT NOT NULL DEFAULT '',      -- the peer's installation, learned from its packages
    name TEXT NOT NULL DEFAULT '',         -- the peer's name, from its packages
    scope_label TEXT NOT NULL DEFAULT '',  -- a lower peer: the township or station chosen
    township_id TEXT NOT NULL DEFAULT '',  -- a lower peer's township; for the upper: this
    station_id TEXT NOT NULL DEFAULT '',   -- site's own, as the upper assigned it
    auth_key BLOB NOT NULL,
    key_id BLOB NOT NULL UNIQUE,           -- names the key in a package's frame
    out_seq INTEGER NOT NULL DEFAULT 0,    -- the last package made for the peer
    in_seq INTEGER NOT NULL DEFAULT 0,     -- the last package taken from it
    in_tag BLOB,                           -- that package's authentication tag
    created_at TEXT NOT NULL
);

-- Every package made, taken or refused. The packages made and taken are kept whole: a lost
-- one can be written out again, and the peer's snapshot brought up to date after a power cut.
CREATE TABLE sync_history (
    id INTEGER PRIMARY KEY,
    peer_id TEXT NOT NULL DEFAULT '',
    direction TEXT NOT NULL CHECK (direction IN ('out', 'in', 'refused')),
    seq INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    operator TEXT NOT NULL DEFAULT '',
    file TEXT NOT NULL DEFAULT '',
    changes INTEGER NOT NULL DEFAULT 0,
    conflicts INTEGER NOT NULL DEFAULT 0,
    summary TEXT NOT NULL DEFAULT '',
    package BLOB
);
CREATE INDEX sync_history_peer ON sync_history(peer_id, direction, seq);

-- The same record changed on two sites: the version that was not kept, whole, so that the user
-- can see it and take it instead.
CREATE TABLE sync_conflict (
    id TEXT PRIMARY KEY NOT NULL,
    history_id INTEGER NOT NULL DEFAULT 0,
    at TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_key TEXT NOT NULL,              -- the record's key, as JSON
    label TEXT NOT NULL DEFAULT '',        -- what the record is, for the list
    kind TEXT NOT NULL CHECK (kind IN ('both_edited', 'deleted_here', 'deleted_there',
                                       'duplicate', 'missing_reference', 'superseded')),
    kept TEXT NOT NULL CHECK (kept IN ('here', 'there')), -- whose version is in the database
    other_version TEXT NOT NULL DEFAULT '', -- the version not kept, as JSON ('' = deleted)
    -- the records that hang from it in that version (a ledger entry's deputies, a problem's
    -- history), {"table": [row, …]}, brought back with it
    children TEXT NOT NULL DEFAULT '',
    resolved_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_conflict_open ON sync_conflict(resolved_at, at);
