-- The stop's number on Apex's pit counter (the pit column), NULL for a visit to the pit lane the
-- counter does not count (or no longer counts: race control took it off). `pit` stays the visit's
-- number, the key.
ALTER TABLE pit_stops ADD COLUMN apex_stop INT NULL;
