-- 008: tables derived from others and kept by triggers, so that what a screen shows costs what
-- it shows and not what the file holds. Derived: never synced (a sync package carries the
-- tables they come from, and these triggers fire as it is applied), rebuilt here from the
-- existing rows, and `lianluo check` compares them with what they are derived from.

-- The roster's order (township, then pinyin, then name): each deputy's key as the roster lists
-- it, so that a page reads it in order instead of sorting every deputy's key for each page.
CREATE VIEW roster_key AS
SELECT d.id AS id, printf('%08d', coalesce(t.sort_order, 99999999)) || char(1) || d.sort_name ||
       char(1) || d.name || char(1) || d.id AS k
FROM deputy d LEFT JOIN township t ON t.id = d.township_id;
-- k alone is the key (it ends with the deputy's id); id beside it joins the deputy. No index on
-- id: a deputy's row is found again by its old key, computed from the old values (a second
-- index made a 10,000-deputy import write twice as much here).
CREATE TABLE roster_order (
    k TEXT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER roster_order_insert AFTER INSERT ON deputy BEGIN
    INSERT OR REPLACE INTO roster_order(k, id) SELECT k, id FROM roster_key WHERE id = new.id;
END;
CREATE TRIGGER roster_order_update AFTER UPDATE OF id, name, sort_name, township_id ON deputy
BEGIN
    DELETE FROM roster_order WHERE k = printf('%08d', coalesce((SELECT sort_order FROM township
        WHERE id = old.township_id), 99999999)) || char(1) || old.sort_name || char(1) ||
        old.name || char(1) || old.id;
    INSERT OR REPLACE INTO roster_order(k, id) SELECT k, id FROM roster_key WHERE id = new.id;
END;
CREATE TRIGGER roster_order_delete AFTER DELETE ON deputy BEGIN
    DELETE FROM roster_order WHERE k = printf('%08d', coalesce((SELECT sort_order FROM township
        WHERE id = old.township_id), 99999999)) || char(1) || old.sort_name || char(1) ||
        old.name || char(1) || old.id;
END;
-- a township's place in the order is its deputies'
CREATE TRIGGER roster_order_township_insert AFTER INSERT ON township BEGIN
    UPDATE roster_order SET k = (SELECT r.k FROM roster_key r WHERE r.id = roster_order.id)
    WHERE id IN (SELECT id FROM deputy WHERE township_id = new.id);
END;
CREATE TRIGGER roster_order_township_update AFTER UPDATE OF id, sort_order ON township BEGIN
    UPDATE roster_order SET k = (SELECT r.k FROM roster_key r WHERE r.id = roster_order.id)
    WHERE id IN (SELECT id FROM deputy WHERE township_id IN (old.id, new.id));
END;
CREATE TRIGGER roster_order_township_delete AFTER DELETE ON township BEGIN
    UPDATE roster_order SET k = (SELECT r.k FROM roster_key r WHERE r.id = roster_order.id)
    WHERE id IN (SELECT id FROM deputy WHERE township_id = old.id);
END;

INSERT INTO roster_order(k, id) SELECT k, id FROM roster_key;

-- The counts of the bulletin by station and year (the first four characters of the date): a
-- whole year and all history add these rows (stations x years) instead of reading every entry
-- and problem of the period; a period's part years are read from the indexes (ledger_counts.c).
-- A row whose count falls to 0 is removed, so that each table is exactly a GROUP BY of its own.
-- Entries and person-times, by year held, station and kind.
CREATE TABLE ledger_year (
    year TEXT NOT NULL,
    station_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    entries INTEGER NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (year, station_id, kind)
) WITHOUT ROWID;
-- Problems by year raised and station.
CREATE TABLE problem_year (
    year TEXT NOT NULL,
    station_id TEXT NOT NULL,
    problems INTEGER NOT NULL,
    PRIMARY KEY (year, station_id)
) WITHOUT ROWID;
-- Problems by year closed ('' while open), station and status.
CREATE TABLE problem_closed_year (
    year TEXT NOT NULL,
    station_id TEXT NOT NULL,
    status TEXT NOT NULL,
    problems INTEGER NOT NULL,
    PRIMARY KEY (year, station_id, status)
) WITHOUT ROWID;

CREATE TRIGGER ledger_year_insert AFTER INSERT ON ledger_entry BEGIN
    INSERT INTO ledger_year(year, station_id, kind, entries, people)
    VALUES (substr(new.held_on, 1, 4), new.station_id, new.kind, 1, new.people)
    ON CONFLICT (year, station_id, kind) DO UPDATE
    SET entries = entries + 1, people = people + excluded.people;
END;
CREATE TRIGGER ledger_year_delete AFTER DELETE ON ledger_entry BEGIN
    UPDATE ledger_year SET entries = entries - 1, people = people - old.people
    WHERE year = substr(old.held_on, 1, 4) AND station_id = old.station_id AND kind = old.kind;
    DELETE FROM ledger_year
    WHERE year = substr(old.held_on, 1, 4) AND station_id = old.station_id AND kind = old.kind
      AND entries = 0;
END;
CREATE TRIGGER ledger_year_update AFTER UPDATE OF station_id, kind, held_on, people
ON ledger_entry BEGIN
    UPDATE ledger_year SET entries = entries - 1, people = people - old.people
    WHERE year = substr(old.held_on, 1, 4) AND station_id = old.station_id AND kind = old.kind;
    DELETE FROM ledger_year
    WHERE year = substr(old.held_on, 1, 4) AND station_id = old.station_id AND kind = old.kind
      AND entries = 0;
    INSERT INTO ledger_year(year, station_id, kind, entries, people)
    VALUES (substr(new.held_on, 1, 4), new.station_id, new.kind, 1, new.people)
    ON CONFLICT (year, station_id, kind) DO UPDATE
    SET entries = entries + 1, people = people + excluded.people;
END;

CREATE TRIGGER problem_year_insert AFTER INSERT ON problem BEGIN
    INSERT INTO problem_year(year, station_id, problems)
    VALUES (substr(new.raised_on, 1, 4), new.station_id, 1)
    ON CONFLICT (year, station_id) DO UPDATE SET problems = problems + 1;
    INSERT INTO problem_closed_year(year, station_id, status, problems)
    VALUES (substr(new.closed_on, 1, 4), new.station_id, new.status, 1)
    ON CONFLICT (year, station_id, status) DO UPDATE SET problems = problems + 1;
END;
CREATE TRIGGER problem_year_delete AFTER DELETE ON problem BEGIN
    UPDATE problem_year SET problems = problems - 1
    WHERE year = substr(old.raised_on, 1, 4) AND station_id = old.station_id;
    DELETE FROM problem_year
    WHERE year = substr(old.raised_on, 1, 4) AND station_id = old.station_id AND problems = 0;
    UPDATE problem_closed_year SET problems = problems - 1
    WHERE year = substr(old.closed_on, 1, 4) AND station_id = old.station_id
      AND status = old.status;
    DELETE FROM problem_closed_year
    WHERE year = substr(old.closed_on, 1, 4) AND station_id = old.station_id
      AND status = old.status AND problems = 0;
END;
CREATE TRIGGER problem_year_update AFTER UPDATE OF station_id, raised_on ON problem BEGIN
    UPDATE problem_year SET problems = problems - 1
    WHERE year = substr(old.raised_on, 1, 4) AND station_id = old.station_id;
    DELETE FROM problem_year
    WHERE year = substr(old.raised_on, 1, 4) AND station_id = old.station_id AND problems = 0;
    INSERT INTO problem_year(year, station_id, problems)
    VALUES (substr(new.raised_on, 1, 4), new.station_id, 1)
    ON CONFLICT (year, station_id) DO UPDATE SET problems = problems + 1;
END;
CREATE TRIGGER problem_closed_year_update AFTER UPDATE OF station_id, status, closed_on
ON problem BEGIN
    UPDATE problem_closed_year SET problems = problems - 1
    WHERE year = substr(old.closed_on, 1, 4) AND station_id = old.station_id
      AND status = old.status;
    DELETE FROM problem_closed_year
    WHERE year = substr(old.closed_on, 1, 4) AND station_id = old.station_id
      AND status = old.status AND problems = 0;
    INSERT INTO problem_closed_year(year, station_id, status, problems)
    VALUES (substr(new.closed_on, 1, 4), new.station_id, new.status, 1)
    ON CONFLICT (year, station_id, status) DO UPDATE SET problems = problems + 1;
END;

-- What the summaries must hold: `lianluo check` compares them with these views.
CREATE VIEW ledger_year_of AS
SELECT substr(held_on, 1, 4) AS year, station_id, kind, count(*) AS entries,
       sum(people) AS people
FROM ledger_entry GROUP BY 1, 2, 3;
CREATE VIEW problem_year_of AS
SELECT substr(raised_on, 1, 4) AS year, station_id, count(*) AS problems
FROM problem GROUP BY 1, 2;
CREATE VIEW problem_closed_year_of AS
SELECT substr(closed_on, 1, 4) AS year, station_id, status, count(*) AS problems
FROM problem GROUP BY 1, 2, 3;

INSERT INTO ledger_year SELECT * FROM ledger_year_of;
INSERT INTO problem_year SELECT * FROM problem_year_of;
INSERT INTO problem_closed_year SELECT * FROM problem_closed_year_of;
