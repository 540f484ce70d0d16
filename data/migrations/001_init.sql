-- 001: the liaison-station network and the deputies.
-- Every synced row: a UUID id, the id of the site that made it, created/updated times (UTC ISO).

-- This installation. Exactly one row; never carried to other sites.
CREATE TABLE local_site (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL
);

-- Sites known to this database (this one and those whose packages arrived).
CREATE TABLE site (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL CHECK (role IN ('county', 'township', 'station')),
    township TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE township (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE station (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('central', 'area', 'group')),
    name TEXT NOT NULL,
    township_id TEXT NOT NULL REFERENCES township(id),
    parent_id TEXT REFERENCES station(id) ON DELETE SET NULL,
    village TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    admin_name TEXT NOT NULL DEFAULT '',
    admin_phone TEXT NOT NULL DEFAULT '',
    hours TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (township_id, name)
);
CREATE INDEX station_township ON station(township_id, kind, name);
CREATE INDEX station_parent ON station(parent_id);

-- The six haves (六有): one row per station and item (0-5).
CREATE TABLE station_standard (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    station_id TEXT NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    item INTEGER NOT NULL CHECK (item BETWEEN 0 AND 5),
    done INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
    done_date TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (station_id, item)
);

CREATE TABLE volunteer (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    station_id TEXT NOT NULL REFERENCES station(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX volunteer_station ON volunteer(station_id, name);

CREATE TABLE deputy_group (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    name TEXT NOT NULL,
    township_id TEXT REFERENCES township(id),
    station_id TEXT REFERENCES station(id) ON DELETE SET NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX deputy_group_township ON deputy_group(township_id, name);

CREATE TABLE deputy (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    name TEXT NOT NULL,
    gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    ethnicity TEXT NOT NULL DEFAULT '',
    birth TEXT NOT NULL DEFAULT '',
    party TEXT NOT NULL DEFAULT '',
    workplace TEXT NOT NULL DEFAULT '',
    post TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    id_card TEXT NOT NULL DEFAULT '',
    township_id TEXT REFERENCES township(id),
    group_id TEXT REFERENCES deputy_group(id) ON DELETE SET NULL,
    station_id TEXT REFERENCES station(id) ON DELETE SET NULL,
    term TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX deputy_township_name ON deputy(township_id, name, id);
CREATE INDEX deputy_station ON deputy(station_id);
CREATE INDEX deputy_group_member ON deputy(group_id);
CREATE INDEX deputy_name ON deputy(name);
CREATE INDEX deputy_id_card ON deputy(id_card);

-- A deputy's levels: a set, one row per level held (national .. township).
CREATE TABLE deputy_level (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    deputy_id TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('national', 'provincial', 'city', 'county', 'township')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (deputy_id, level)
);
CREATE INDEX deputy_level_by_level ON deputy_level(level, deputy_id);

-- Who changed which record when. Never carried in sync packages as edits: append-only.
CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    at TEXT NOT NULL,
    operator TEXT NOT NULL DEFAULT '',
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_record ON audit_log(record_id, at);
CREATE INDEX audit_at ON audit_log(at);
