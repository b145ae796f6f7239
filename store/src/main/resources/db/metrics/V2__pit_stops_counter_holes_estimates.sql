-- apex_stop: the stop's number on Apex's pit counter (the pit column), NULL for a visit to the pit
-- lane the counter does not count (or no longer counts: race control took it off). `pit` stays
-- the visit's number, the key.
-- lap_in_estimated: lap_in is an estimate (the count of laps done in a hole of a feed without a
-- laps column, not yet anchored by a gap).
-- in_hole: the stop began in a hole of the feed (seen first in the re-sent grid): its in_at is
-- that grid's, and its length is unknown unless Apex's pit clock showed it.
ALTER TABLE pit_stops ADD COLUMN apex_stop INT NULL;
ALTER TABLE pit_stops ADD COLUMN in_hole INT NOT NULL DEFAULT 0;
ALTER TABLE pit_stops ADD COLUMN lap_in_estimated INT NOT NULL DEFAULT 0;
