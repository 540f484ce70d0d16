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
CREATE TABLE roster_order (
    k TEXT PRIMARY KEY NOT NULL,
    id TEXT NOT NULL UNIQUE
) WITHOUT ROWID;

CREATE TRIGGER roster_order_insert AFTER INSERT ON deputy BEGIN
    INSERT OR REPLACE INTO roster_order(k, id) SELECT k, id FROM roster_key WHERE id = new.id;
END;
CREATE TRIGGER roster_order_update AFTER UPDATE OF id, name, sort_name, township_id ON deputy
BEGIN
    DELETE FROM roster_order WHERE id = old.id;
    INSERT OR REPLACE INTO roster_order(k, id) SELECT k, id FROM roster_key WHERE id = new.id;
END;
CREATE TRIGGER roster_order_delete AFTER DELETE ON deputy BEGIN
    DELETE FROM roster_order WHERE id = old.id;
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
