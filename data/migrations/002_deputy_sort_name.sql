-- Deputies sort by the pinyin of their names (李 before 刘 before 罗), as a Chinese reader
-- expects, not by character code. sort_name is written by lianluo on every save with the SQL
-- function pinyin_sort_key(), which every connection of lianluo registers.
ALTER TABLE deputy ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE deputy SET sort_name = pinyin_sort_key(name);
DROP INDEX deputy_township_name;
CREATE INDEX deputy_township_name ON deputy(township_id, sort_name, name, id);
