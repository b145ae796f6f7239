-- lts metrics: the schema. The same file runs on MariaDB 10.11, MySQL 8 and H2 2.x in MySQL mode.
-- Every time and instant is BIGINT milliseconds (epoch ms for instants): MySQL Connector/J
-- against MariaDB drops fractional seconds of DATETIME. Natural keys everywhere: the runner
-- writes with INSERT ... ON DUPLICATE KEY UPDATE, so replaying events changes nothing.

-- Next Kafka offset to apply per partition of race-events, written in the same transaction as
-- the effects of the records before it ("storing offsets outside Kafka").
CREATE TABLE metrics_offsets (
  topic VARCHAR(200) NOT NULL,
  kafka_partition INT NOT NULL,
  next_offset BIGINT NOT NULL,
  PRIMARY KEY (topic, kafka_partition)
);

-- Per event code (feed); inserted with the defaults when the feed is first seen, editable later.
CREATE TABLE race_settings (
  event_code VARCHAR(64) NOT NULL,
  min_pit_stops INT NOT NULL,
  pit_time_ms BIGINT NOT NULL,
  pit_rows INT NOT NULL,
  spare_karts INT NOT NULL,
  max_stint_ms BIGINT NULL,
  min_driver_ms BIGINT NULL,
  max_driver_ms BIGINT NULL,
  avg_laps INT NOT NULL,
  label_band_ms BIGINT NOT NULL,
  min_clean_laps INT NOT NULL,
  PRIMARY KEY (event_code)
);

CREATE TABLE sessions (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  kind VARCHAR(16) NULL,
  title1 VARCHAR(200) NULL,
  title2 VARCHAR(200) NULL,
  track VARCHAR(200) NULL,
  light VARCHAR(16) NULL,
  remaining_clock VARCHAR(16) NULL,
  remaining_ms BIGINT NULL,
  remaining_text VARCHAR(200) NULL,
  remaining_at BIGINT NULL,
  resumed INT NOT NULL,
  field_median_ms BIGINT NULL,
  pit_loss_ms BIGINT NULL,
  pit_loss_measured INT NOT NULL,
  started_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (event_code, session)
);

-- One row per grid row (team), its live state as the feed shows it.
CREATE TABLE teams (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  number VARCHAR(64) NULL,
  name VARCHAR(200) NULL,
  driver VARCHAR(200) NULL,
  position INT NULL,
  laps INT NULL,
  last_lap_ms BIGINT NULL,
  best_lap_ms BIGINT NULL,
  gap_kind VARCHAR(8) NULL,
  gap_ms BIGINT NULL,
  gap_laps INT NULL,
  gap_text VARCHAR(200) NULL,
  interval_kind VARCHAR(8) NULL,
  interval_ms BIGINT NULL,
  interval_laps INT NULL,
  interval_text VARCHAR(200) NULL,
  pits INT NULL,
  pit_visits INT NOT NULL,
  in_pit INT NOT NULL,
  stints INT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (event_code, session, row_id)
);

CREATE TABLE drivers (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  name VARCHAR(200) NOT NULL,
  driving_time_ms BIGINT NULL,
  stints INT NOT NULL,
  stint_driving_ms BIGINT NOT NULL,
  first_at BIGINT NOT NULL,
  last_at BIGINT NOT NULL,
  PRIMARY KEY (event_code, session, row_id, name)
);

-- Every lap. A lap penalty (lap count corrected down) marks the laps above the new count
-- superseded; the lap driven again with the same number replaces the row.
CREATE TABLE laps (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  lap INT NOT NULL,
  time_ms BIGINT NULL,
  driver VARCHAR(200) NULL,
  stint INT NULL,
  verdict VARCHAR(16) NOT NULL,
  clean INT NOT NULL,
  yellow INT NOT NULL,
  field_ms BIGINT NULL,
  derived INT NOT NULL,
  superseded INT NOT NULL,
  at BIGINT NOT NULL,
  event_id VARCHAR(200) NOT NULL,
  PRIMARY KEY (event_code, session, row_id, lap)
);

-- Every visit to the pit lane, numbered in order of the pit-ins seen. counted = 0: race control
-- took it off the pit column (a correction), or it was not counted yet. inferred = 1: the pit
-- column went up without a pit-in in the feed.
CREATE TABLE pit_stops (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  pit INT NOT NULL,
  counted INT NOT NULL,
  inferred INT NOT NULL,
  lap_in INT NULL,
  in_at BIGINT NOT NULL,
  out_at BIGINT NULL,
  duration_ms BIGINT NULL,
  pit_time_ms BIGINT NULL,
  loss_ms BIGINT NULL,
  PRIMARY KEY (event_code, session, row_id, pit)
);

-- A stint: the laps with one kart, from a pit-out (or the start) to the next pit-in; open
-- (end_lap NULL) until then. label_override is the strategist's: the runner never writes it.
CREATE TABLE stints (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  stint INT NOT NULL,
  start_lap INT NOT NULL,
  end_lap INT NULL,
  laps INT NOT NULL,
  timed_laps INT NOT NULL,
  clean_laps INT NOT NULL,
  driver VARCHAR(200) NULL,
  start_at BIGINT NULL,
  end_at BIGINT NULL,
  driving_ms BIGINT NULL,
  best_ms BIGINT NULL,
  avg_ms BIGINT NULL,
  avg_laps INT NOT NULL,
  score_ms BIGINT NULL,
  label VARCHAR(8) NOT NULL,
  label_override VARCHAR(8) NULL,
  PRIMARY KEY (event_code, session, row_id, stint)
);

-- The karts waiting in the pit lane, front first (position 0) per row.
CREATE TABLE pit_queue (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  pit_row INT NOT NULL,
  position INT NOT NULL,
  from_row_id INT NULL,
  from_number VARCHAR(64) NULL,
  from_stint INT NULL,
  label VARCHAR(8) NOT NULL,
  score_ms BIGINT NULL,
  since BIGINT NOT NULL,
  PRIMARY KEY (event_code, session, pit_row, position)
);

-- P(good kart) if a team stops now, after one more stop by another team, after two.
CREATE TABLE odds (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  p_now DOUBLE NULL,
  p_next DOUBLE NULL,
  p_after_next DOUBLE NULL,
  base_rate DOUBLE NOT NULL,
  queue_size INT NOT NULL,
  next_stoppers VARCHAR(200) NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (event_code, session)
);

-- Raw and estimated (after all mandatory stops) standings, one row per team.
CREATE TABLE standings (
  event_code VARCHAR(64) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  position INT NOT NULL,
  laps INT NULL,
  pits INT NULL,
  in_pit INT NOT NULL,
  owed INT NOT NULL,
  gap_ms BIGINT NOT NULL,
  est_gap_ms BIGINT NOT NULL,
  est_position INT NOT NULL,
  position_change INT NOT NULL,
  PRIMARY KEY (event_code, session, row_id)
);

-- Every lap_count_corrected event (penalties, corrections, reconnects), for the record.
CREATE TABLE lap_corrections (
  event_code VARCHAR(64) NOT NULL,
  event_id VARCHAR(200) NOT NULL,
  session INT NOT NULL,
  row_id INT NOT NULL,
  from_laps INT NULL,
  to_laps INT NULL,
  reason VARCHAR(64) NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (event_code, event_id)
);

-- Records that could not be applied (undecodable, unknown team, impossible lap): kept and
-- counted, never blocking the stream. Keyed by their place in the topic.
CREATE TABLE rejected_events (
  topic VARCHAR(200) NOT NULL,
  kafka_partition INT NOT NULL,
  kafka_offset BIGINT NOT NULL,
  event_id VARCHAR(200) NULL,
  event_code VARCHAR(64) NULL,
  session INT NULL,
  type VARCHAR(32) NULL,
  reason VARCHAR(300) NOT NULL,
  payload VARCHAR(2000) NULL,
  at BIGINT NULL,
  PRIMARY KEY (topic, kafka_partition, kafka_offset)
);
