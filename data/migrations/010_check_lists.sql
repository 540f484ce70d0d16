-- 010: the CHECK constraints that list a column's allowed values (`kind IN ('a', 'b', ...)`)
-- are written as comparisons (`kind = 'a' OR kind = 'b' OR ...`), which mean the same for every
-- value (NULL included: both give NULL, which a CHECK lets pass). SQLite builds a temporary
-- b-tree for an IN list each time a row is written: three for each deputy imported, a quarter
-- of an import's work. Only the text of the schema changes, not a byte of the data, so the
-- text is edited in place (SQLite's documented way for CHECK changes: writable_schema), the
-- schema reloaded, and its version bumped by a table made and dropped, so that every other
-- connection reads it again.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'role IN (''county'', ''township'', ''station'')',
    'role = ''county'' OR role = ''township'' OR role = ''station''')
WHERE type = 'table' AND name = 'site';
UPDATE sqlite_schema SET sql = replace(sql, 'kind IN (''central'', ''area'', ''group'')',
    'kind = ''central'' OR kind = ''area'' OR kind = ''group''')
WHERE type = 'table' AND name = 'station';
UPDATE sqlite_schema SET sql = replace(sql, 'done IN (0, 1)',
    'done = 0 OR done = 1')
WHERE type = 'table' AND name = 'station_standard';
UPDATE sqlite_schema SET sql = replace(sql, 'gender IN ('''', ''male'', ''female'')',
    'gender = '''' OR gender = ''male'' OR gender = ''female''')
WHERE type = 'table' AND name = 'deputy';
UPDATE sqlite_schema SET sql = replace(sql, 'level IN (''national'', ''provincial'', ''city'', ''county'', ''township'')',
    'level = ''national'' OR level = ''provincial'' OR level = ''city'' OR level = ''county'' OR level = ''township''')
WHERE type = 'table' AND name = 'deputy_level';
UPDATE sqlite_schema SET sql = replace(sql, 'action IN (''insert'', ''update'', ''delete'')',
    'action = ''insert'' OR action = ''update'' OR action = ''delete''')
WHERE type = 'table' AND name = 'audit_log';
UPDATE sqlite_schema SET sql = replace(sql, 'kind IN (''reception'', ''visit'', ''solicitation'', ''exchange'',
                                       ''appraisal'', ''other'')',
    'kind = ''reception'' OR kind = ''visit'' OR kind = ''solicitation'' OR kind = ''exchange'' OR kind = ''appraisal'' OR kind = ''other''')
WHERE type = 'table' AND name = 'ledger_entry';
UPDATE sqlite_schema SET sql = replace(sql, 'status IN (''registered'', ''referred'', ''in_progress'', ''solved'', ''explained'',
                          ''unsolvable'')',
    'status = ''registered'' OR status = ''referred'' OR status = ''in_progress'' OR status = ''solved'' OR status = ''explained'' OR status = ''unsolvable''')
WHERE type = 'table' AND name = 'problem';
UPDATE sqlite_schema SET sql = replace(sql, 'feedback IN ('''', ''satisfied'', ''basically'', ''dissatisfied'')',
    'feedback = '''' OR feedback = ''satisfied'' OR feedback = ''basically'' OR feedback = ''dissatisfied''')
WHERE type = 'table' AND name = 'problem';
UPDATE sqlite_schema SET sql = replace(sql, 'relation IN (''upper'', ''lower'')',
    'relation = ''upper'' OR relation = ''lower''')
WHERE type = 'table' AND name = 'sync_peer';
UPDATE sqlite_schema SET sql = replace(sql, 'role IN (''county'', ''township'', ''station'')',
    'role = ''county'' OR role = ''township'' OR role = ''station''')
WHERE type = 'table' AND name = 'sync_peer';
UPDATE sqlite_schema SET sql = replace(sql, 'direction IN (''out'', ''in'', ''refused'')',
    'direction = ''out'' OR direction = ''in'' OR direction = ''refused''')
WHERE type = 'table' AND name = 'sync_history';
UPDATE sqlite_schema SET sql = replace(sql, 'kind IN (''both_edited'', ''deleted_here'', ''deleted_there'',
                                       ''duplicate'', ''missing_reference'', ''superseded'')',
    'kind = ''both_edited'' OR kind = ''deleted_here'' OR kind = ''deleted_there'' OR kind = ''duplicate'' OR kind = ''missing_reference'' OR kind = ''superseded''')
WHERE type = 'table' AND name = 'sync_conflict';
UPDATE sqlite_schema SET sql = replace(sql, 'kept IN (''here'', ''there'')',
    'kept = ''here'' OR kept = ''there''')
WHERE type = 'table' AND name = 'sync_conflict';
UPDATE sqlite_schema SET sql = replace(sql, 'mode IN (''visit'', ''reception'', ''seminar'', ''phone'', ''wechat'')',
    'mode = ''visit'' OR mode = ''reception'' OR mode = ''seminar'' OR mode = ''phone'' OR mode = ''wechat''')
WHERE type = 'table' AND name = 'contact';
PRAGMA writable_schema = RESET;
CREATE TABLE schema_changed(x);
DROP TABLE schema_changed;
