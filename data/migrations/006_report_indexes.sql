-- 006: the counts of all history (a bulletin's "since the network was built") read indexes in
-- the order they group by, instead of sorting every entry of ten years: a county's 200,000
-- entries are counted in a fraction of the time.
CREATE INDEX ledger_group ON ledger_entry(station_id, kind, held_on, people);
CREATE INDEX problem_closed_group ON problem(station_id, status, closed_on);
