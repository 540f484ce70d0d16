-- 003: the station ledger (台账) and the constituents' problems (群众反映的问题).
-- A station owns these records: they are keyed (station_id, id), so that every change a sync
-- package carries names the station it belongs to; id alone is unique too.

CREATE TABLE ledger_entry (
    station_id TEXT NOT NULL REFERENCES station(id),
    id TEXT NOT NULL UNIQUE,
    site_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reception', 'visit', 'solicitation', 'exchange',
                                       'appraisal', 'other')),
    held_on TEXT NOT NULL,                 -- YYYY-MM-DD
    held_at TEXT NOT NULL DEFAULT '',      -- HH:MM, or '' when not noted
    people INTEGER NOT NULL DEFAULT 0 CHECK (people >= 0), -- person-times received
    place TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    deputy_names TEXT NOT NULL DEFAULT '', -- 张三、李四: as recorded, kept if a deputy leaves
    operator TEXT NOT NULL DEFAULT '',     -- who recorded it
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (station_id, id)
);
-- The ledger list (a station's, or everyone's, by date: keyset pages sought on these columns)
-- and the counts by period (covering).
CREATE INDEX ledger_order ON ledger_entry(held_on, held_at, id);
CREATE INDEX ledger_station_date ON ledger_entry(station_id, held_on, held_at, id);
CREATE INDEX ledger_date ON ledger_entry(held_on, station_id, kind, people);

-- The deputies present at an entry.
CREATE TABLE ledger_deputy (
    station_id TEXT NOT NULL,
    entry_id TEXT NOT NULL REFERENCES ledger_entry(id) ON DELETE CASCADE,
    deputy_id TEXT NOT NULL REFERENCES deputy(id) ON DELETE CASCADE,
    site_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (station_id, entry_id, deputy_id)
);
CREATE INDEX ledger_deputy_entry ON ledger_deputy(entry_id);
CREATE INDEX ledger_deputy_deputy ON ledger_deputy(deputy_id, entry_id);

CREATE TABLE problem (
    station_id TEXT NOT NULL REFERENCES station(id),
    id TEXT NOT NULL UNIQUE,
    site_id TEXT NOT NULL,
    entry_id TEXT REFERENCES ledger_entry(id) ON DELETE SET NULL, -- raised during this entry
    raised_on TEXT NOT NULL,               -- YYYY-MM-DD
    raiser_name TEXT NOT NULL DEFAULT '',  -- personal data: optional, shown in the form only
    raiser_village TEXT NOT NULL DEFAULT '',
    raiser_phone TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT 'other',
    description TEXT NOT NULL,
    deputy_id TEXT REFERENCES deputy(id) ON DELETE SET NULL, -- who took it up
    deputy_name TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',         -- the unit it was referred to
    status TEXT NOT NULL DEFAULT 'registered'
        CHECK (status IN ('registered', 'referred', 'in_progress', 'solved', 'explained',
                          'unsolvable')),
    status_on TEXT NOT NULL,               -- date of the last change of status (progress)
    closed_on TEXT NOT NULL DEFAULT '',    -- date it reached solved/explained/unsolvable
    reply TEXT NOT NULL DEFAULT '',        -- the answer given to the constituent
    feedback TEXT NOT NULL DEFAULT ''
        CHECK (feedback IN ('', 'satisfied', 'basically', 'dissatisfied')),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (station_id, id)
);
CREATE INDEX problem_order ON problem(raised_on, created_at, id);
CREATE INDEX problem_station_date ON problem(station_id, raised_on, created_at, id);
CREATE INDEX problem_date ON problem(raised_on, station_id, status);
CREATE INDEX problem_closed ON problem(closed_on, station_id, status);
CREATE INDEX problem_open ON problem(status, status_on);
CREATE INDEX problem_entry ON problem(entry_id);

-- Every change of a problem's status, with its date and note: the problem's history.
CREATE TABLE problem_event (
    station_id TEXT NOT NULL,
    id TEXT NOT NULL UNIQUE,
    site_id TEXT NOT NULL,
    problem_id TEXT NOT NULL REFERENCES problem(id) ON DELETE CASCADE,
    on_date TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (station_id, id)
);
CREATE INDEX problem_event_problem ON problem_event(problem_id, on_date, created_at);

-- Full-text search of Chinese substrings (3 characters or more; shorter ones are searched
-- with instr on the tables themselves). Kept up to date by triggers.
CREATE VIRTUAL TABLE ledger_fts USING fts5(summary, place, deputy_names,
    content = 'ledger_entry', content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER ledger_fts_insert AFTER INSERT ON ledger_entry BEGIN
    INSERT INTO ledger_fts(rowid, summary, place, deputy_names)
    VALUES (new.rowid, new.summary, new.place, new.deputy_names);
END;
CREATE TRIGGER ledger_fts_delete AFTER DELETE ON ledger_entry BEGIN
    INSERT INTO ledger_fts(ledger_fts, rowid, summary, place, deputy_names)
    VALUES ('delete', old.rowid, old.summary, old.place, old.deputy_names);
END;
CREATE TRIGGER ledger_fts_update AFTER UPDATE OF summary, place, deputy_names ON ledger_entry
BEGIN
    INSERT INTO ledger_fts(ledger_fts, rowid, summary, place, deputy_names)
    VALUES ('delete', old.rowid, old.summary, old.place, old.deputy_names);
    INSERT INTO ledger_fts(rowid, summary, place, deputy_names)
    VALUES (new.rowid, new.summary, new.place, new.deputy_names);
END;

CREATE VIRTUAL TABLE problem_fts USING fts5(description, raiser_name, raiser_village, unit,
    reply, deputy_name, content = 'problem', content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER problem_fts_insert AFTER INSERT ON problem BEGIN
    INSERT INTO problem_fts(rowid, description, raiser_name, raiser_village, unit, reply,
                            deputy_name)
    VALUES (new.rowid, new.description, new.raiser_name, new.raiser_village, new.unit,
            new.reply, new.deputy_name);
END;
CREATE TRIGGER problem_fts_delete AFTER DELETE ON problem BEGIN
    INSERT INTO problem_fts(problem_fts, rowid, description, raiser_name, raiser_village, unit,
                            reply, deputy_name)
    VALUES ('delete', old.rowid, old.description, old.raiser_name, old.raiser_village,
            old.unit, old.reply, old.deputy_name);
END;
CREATE TRIGGER problem_fts_update AFTER UPDATE OF description, raiser_name, raiser_village,
    unit, reply, deputy_name ON problem
BEGIN
    INSERT INTO problem_fts(problem_fts, rowid, description, raiser_name, raiser_village, unit,
                            reply, deputy_name)
    VALUES ('delete', old.rowid, old.description, old.raiser_name, old.raiser_village,
            old.unit, old.reply, old.deputy_name);
    INSERT INTO problem_fts(rowid, description, raiser_name, raiser_village, unit, reply,
                            deputy_name)
    VALUES (new.rowid, new.description, new.raiser_name, new.raiser_village, new.unit,
            new.reply, new.deputy_name);
END;
