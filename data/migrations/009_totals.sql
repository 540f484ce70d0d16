-- 009: the totals of every station together, and the contacts' summaries, so that a list's
-- count (the ledger's, the problems', the contacts') costs the years it covers and not the
-- stations or townships they are spread over: a province has a thousand stations, and the
-- summaries of 008 add one row per station and year. Derived, as those of 008: never synced,
-- kept by triggers, built here from the rows, compared with their views by `lianluo check`.

-- Entries and person-times by year held and kind, every station together.
CREATE TABLE ledger_total_year (
    year TEXT NOT NULL,
    kind TEXT NOT NULL,
    entries INTEGER NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (year, kind)
) WITHOUT ROWID;
-- Problems by year raised, every station together.
CREATE TABLE problem_total_year (
    year TEXT NOT NULL PRIMARY KEY,
    problems INTEGER NOT NULL
) WITHOUT ROWID;
-- Contacts by year, township ('' for one kept without its township) and mode; and by year and
-- mode, every township together.
CREATE TABLE contact_year (
    year TEXT NOT NULL,
    township_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    contacts INTEGER NOT NULL,
    PRIMARY KEY (year, township_id, mode)
) WITHOUT ROWID;
CREATE TABLE contact_total_year (
    year TEXT NOT NULL,
    mode TEXT NOT NULL,
    contacts INTEGER NOT NULL,
    PRIMARY KEY (year, mode)
) WITHOUT ROWID;

-- As in 008: a row whose count falls to 0 is removed.
CREATE TRIGGER ledger_total_year_insert AFTER INSERT ON ledger_entry BEGIN
    INSERT INTO ledger_total_year(year, kind, entries, people)
    VALUES (substr(new.held_on, 1, 4), new.kind, 1, new.people)
    ON CONFLICT (year, kind) DO UPDATE
    SET entries = entries + 1, people = people + excluded.people;
END;
CREATE TRIGGER ledger_total_year_delete AFTER DELETE ON ledger_entry BEGIN
    UPDATE ledger_total_year SET entries = entries - 1, people = people - old.people
    WHERE year = substr(old.held_on, 1, 4) AND kind = old.kind;
    DELETE FROM ledger_total_year
    WHERE year = substr(old.held_on, 1, 4) AND kind = old.kind AND entries = 0;
END;
CREATE TRIGGER ledger_total_year_update AFTER UPDATE OF kind, held_on, people ON ledger_entry
BEGIN
    UPDATE ledger_total_year SET entries = entries - 1, people = people - old.people
    WHERE year = substr(old.held_on, 1, 4) AND kind = old.kind;
    DELETE FROM ledger_total_year
    WHERE year = substr(old.held_on, 1, 4) AND kind = old.kind AND entries = 0;
    INSERT INTO ledger_total_year(year, kind, entries, people)
    VALUES (substr(new.held_on, 1, 4), new.kind, 1, new.people)
    ON CONFLICT (year, kind) DO UPDATE
    SET entries = entries + 1, people = people + excluded.people;
END;

CREATE TRIGGER problem_total_year_insert AFTER INSERT ON problem BEGIN
    INSERT INTO problem_total_year(year, problems) VALUES (substr(new.raised_on, 1, 4), 1)
    ON CONFLICT (year) DO UPDATE SET problems = problems + 1;
END;
CREATE TRIGGER problem_total_year_delete AFTER DELETE ON problem BEGIN
    UPDATE problem_total_year SET problems = problems - 1 WHERE year = substr(old.raised_on, 1, 4);
    DELETE FROM problem_total_year WHERE year = substr(old.raised_on, 1, 4) AND problems = 0;
END;
CREATE TRIGGER problem_total_year_update AFTER UPDATE OF raised_on ON problem BEGIN
    UPDATE problem_total_year SET problems = problems - 1 WHERE year = substr(old.raised_on, 1, 4);
    DELETE FROM problem_total_year WHERE year = substr(old.raised_on, 1, 4) AND problems = 0;
    INSERT INTO problem_total_year(year, problems) VALUES (substr(new.raised_on, 1, 4), 1)
    ON CONFLICT (year) DO UPDATE SET problems = problems + 1;
END;

CREATE TRIGGER contact_year_insert AFTER INSERT ON contact BEGIN
    INSERT INTO contact_year(year, township_id, mode, contacts)
    VALUES (substr(new.contacted_on, 1, 4), coalesce(new.township_id, ''), new.mode, 1)
    ON CONFLICT (year, township_id, mode) DO UPDATE SET contacts = contacts + 1;
    INSERT INTO contact_total_year(year, mode, contacts)
    VALUES (substr(new.contacted_on, 1, 4), new.mode, 1)
    ON CONFLICT (year, mode) DO UPDATE SET contacts = contacts + 1;
END;
CREATE TRIGGER contact_year_delete AFTER DELETE ON contact BEGIN
    UPDATE contact_year SET contacts = contacts - 1
    WHERE year = substr(old.contacted_on, 1, 4) AND township_id = coalesce(old.township_id, '')
      AND mode = old.mode;
    DELETE FROM contact_year
    WHERE year = substr(old.contacted_on, 1, 4) AND township_id = coalesce(old.township_id, '')
      AND mode = old.mode AND contacts = 0;
    UPDATE contact_total_year SET contacts = contacts - 1
    WHERE year = substr(old.contacted_on, 1, 4) AND mode = old.mode;
    DELETE FROM contact_total_year
    WHERE year = substr(old.contacted_on, 1, 4) AND mode = old.mode AND contacts = 0;
END;
CREATE TRIGGER contact_year_update AFTER UPDATE OF township_id, mode, contacted_on ON contact
BEGIN
    UPDATE contact_year SET contacts = contacts - 1
    WHERE year = substr(old.contacted_on, 1, 4) AND township_id = coalesce(old.township_id, '')
      AND mode = old.mode;
    DELETE FROM contact_year
    WHERE year = substr(old.contacted_on, 1, 4) AND township_id = coalesce(old.township_id, '')
      AND mode = old.mode AND contacts = 0;
    INSERT INTO contact_year(year, township_id, mode, contacts)
    VALUES (substr(new.contacted_on, 1, 4), coalesce(new.township_id, ''), new.mode, 1)
    ON CONFLICT (year, township_id, mode) DO UPDATE SET contacts = contacts + 1;
    UPDATE contact_total_year SET contacts = contacts - 1
    WHERE year = substr(old.contacted_on, 1, 4) AND mode = old.mode;
    DELETE FROM contact_total_year
    WHERE year = substr(old.contacted_on, 1, 4) AND mode = old.mode AND contacts = 0;
    INSERT INTO contact_total_year(year, mode, contacts)
    VALUES (substr(new.contacted_on, 1, 4), new.mode, 1)
    ON CONFLICT (year, mode) DO UPDATE SET contacts = contacts + 1;
END;

-- What the summaries must hold: `lianluo check` compares them with these views.
CREATE VIEW ledger_total_year_of AS
SELECT substr(held_on, 1, 4) AS year, kind, count(*) AS entries, sum(people) AS people
FROM ledger_entry GROUP BY 1, 2;
CREATE VIEW problem_total_year_of AS
SELECT substr(raised_on, 1, 4) AS year, count(*) AS problems FROM problem GROUP BY 1;
CREATE VIEW contact_year_of AS
SELECT substr(contacted_on, 1, 4) AS year, coalesce(township_id, '') AS township_id, mode,
       count(*) AS contacts
FROM contact GROUP BY 1, 2, 3;
CREATE VIEW contact_total_year_of AS
SELECT substr(contacted_on, 1, 4) AS year, mode, count(*) AS contacts FROM contact GROUP BY 1, 2;

-- the totals from 008's summaries (a few rows per station and year, not every entry again)
INSERT INTO ledger_total_year
SELECT year, kind, sum(entries), sum(people) FROM ledger_year GROUP BY 1, 2;
INSERT INTO problem_total_year SELECT year, sum(problems) FROM problem_year GROUP BY 1;
INSERT INTO contact_year SELECT * FROM contact_year_of;
INSERT INTO contact_total_year SELECT year, mode, sum(contacts) FROM contact_year GROUP BY 1, 2;
