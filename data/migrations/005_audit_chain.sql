-- 005: the audit log is hash-chained: each entry carries the hash of the one before it and its
-- own, SHA-256 over that hash and the entry's fields (computed by lianluo when it writes the
-- entry), so that `lianluo check` can show offline that no entry was altered, removed or
-- slipped in between. Entries written before this version have no hash: the chain starts at
-- the first entry after it.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
