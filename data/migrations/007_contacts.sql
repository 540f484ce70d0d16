-- 007: the leaders' contacts with deputies (双向联系, 联系代表): a county leader, a member of the
-- standing committee or the head of a government department visits, receives, meets, phones or
-- messages a deputy in the recess, hears what the deputy raises and coordinates it. A contact
-- belongs to the deputy's township (kept when the deputy leaves the roster): the township and
-- the county keep it, and a sync package carries it between them; a station has none.

CREATE TABLE contact (
    id TEXT PRIMARY KEY NOT NULL,
    site_id TEXT NOT NULL,
    township_id TEXT REFERENCES township(id),  -- the deputy's, when saved
    leader_name TEXT NOT NULL,                 -- 联系领导
    leader_post TEXT NOT NULL DEFAULT '',      -- 职务: 县人大常委会副主任
    deputy_id TEXT REFERENCES deputy(id) ON DELETE SET NULL,
    deputy_name TEXT NOT NULL DEFAULT '',      -- as recorded, kept if the deputy leaves
    contacted_on TEXT NOT NULL,                -- YYYY-MM-DD
    mode TEXT NOT NULL CHECK (mode IN ('visit', 'reception', 'seminar', 'phone', 'wechat')),
    content TEXT NOT NULL DEFAULT '',          -- 联系内容, what the deputy raised
    items INTEGER NOT NULL DEFAULT 0 CHECK (items >= 0), -- 协调解决事项
    note TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL DEFAULT '',         -- who recorded it
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- The list by date (keyset pages sought on these columns), a township's and a deputy's pages,
-- and the counts by period (covering).
CREATE INDEX contact_order ON contact(contacted_on, created_at, id);
CREATE INDEX contact_township_date ON contact(township_id, contacted_on, created_at, id);
CREATE INDEX contact_deputy_date ON contact(deputy_id, contacted_on, created_at, id);
CREATE INDEX contact_date ON contact(contacted_on, township_id, mode, items, leader_name,
                                     deputy_id, deputy_name);

-- Full-text search of Chinese substrings (3 characters or more; shorter ones are searched
-- with instr on the table itself). Kept up to date by triggers.
CREATE VIRTUAL TABLE contact_fts USING fts5(content, leader_name, leader_post, deputy_name, note,
    content = 'contact', content_rowid = 'rowid', tokenize = 'trigram');
CREATE TRIGGER contact_fts_insert AFTER INSERT ON contact BEGIN
    INSERT INTO contact_fts(rowid, content, leader_name, leader_post, deputy_name, note)
    VALUES (new.rowid, new.content, new.leader_name, new.leader_post, new.deputy_name, new.note);
END;
CREATE TRIGGER contact_fts_delete AFTER DELETE ON contact BEGIN
    INSERT INTO contact_fts(contact_fts, rowid, content, leader_name, leader_post, deputy_name,
                            note)
    VALUES ('delete', old.rowid, old.content, old.leader_name, old.leader_post, old.deputy_name,
            old.note);
END;
CREATE TRIGGER contact_fts_update AFTER UPDATE OF content, leader_name, leader_post, deputy_name,
    note ON contact
BEGIN
    INSERT INTO contact_fts(contact_fts, rowid, content, leader_name, leader_post, deputy_name,
                            note)
    VALUES ('delete', old.rowid, old.content, old.leader_name, old.leader_post, old.deputy_name,
            old.note);
    INSERT INTO contact_fts(rowid, content, leader_name, leader_post, deputy_name, note)
    VALUES (new.rowid, new.content, new.leader_name, new.leader_post, new.deputy_name, new.note);
END;
