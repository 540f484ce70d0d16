-- 002: names sort by pinyin; the network's shape and the deputies' townships as lianluo now
-- keeps them.

-- Deputies sort by the pinyin of their names (李 before 刘 before 罗), as a Chinese reader
-- expects, not by character code. sort_name is written by lianluo on every save with the SQL
-- function pinyin_name_key(), which every connection of lianluo registers.
ALTER TABLE deputy ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE deputy SET sort_name = pinyin_name_key(name);
DROP INDEX deputy_township_name;
CREATE INDEX deputy_township_name ON deputy(township_id, sort_name, name, id);

-- An area station hangs under its township's central station (none while there is none);
-- other stations under nothing. Earlier versions let a form or a file set it otherwise.
-- (A township that somehow has two central stations takes the older one here; `check` then
-- reports the township, to be mended by hand.)
UPDATE station
SET parent_id = (SELECT p.id FROM station p
                 WHERE station.kind = 'area' AND p.kind = 'central'
                   AND p.township_id = station.township_id
                 ORDER BY p.created_at, p.id LIMIT 1),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE parent_id IS NOT (SELECT p.id FROM station p
                        WHERE station.kind = 'area' AND p.kind = 'central'
                          AND p.township_id = station.township_id
                        ORDER BY p.created_at, p.id LIMIT 1);

-- A deputy belongs to a township: one in a station but without a township takes the station's.
UPDATE deputy
SET township_id = (SELECT s.township_id FROM station s WHERE s.id = deputy.station_id),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE township_id IS NULL AND station_id IS NOT NULL;
