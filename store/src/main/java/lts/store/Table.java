package lts.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The tables the runner writes, with their key columns first, and the upsert statement of each:
 * {@code INSERT ... ON DUPLICATE KEY UPDATE c = VALUES(c)} (MariaDB, MySQL 8 and H2 in MySQL
 * mode all take it). {@code stints.label_override} is in no column list: the runner never writes
 * it, so a strategist's override survives every recomputation and replay.
 */
public enum Table {
  SESSIONS("sessions", 2, "event_code", "session", "kind", "title1", "title2", "track", "light",
      "remaining_clock", "remaining_ms", "remaining_text", "remaining_at", "resumed",
      "field_median_ms", "pit_loss_ms", "pit_loss_measured", "started_at", "last_at"),
  TEAMS("teams", 3, "event_code", "session", "row_id", "number", "name", "driver", "position",
      "laps", "last_lap_ms", "best_lap_ms", "gap_kind", "gap_ms", "gap_laps", "gap_text",
      "interval_kind", "interval_ms", "interval_laps", "interval_text", "pits", "pit_visits",
      "in_pit", "stints", "last_at"),
  DRIVERS("drivers", 4, "event_code", "session", "row_id", "name", "driving_time_ms", "stints",
      "stint_driving_ms", "first_at", "last_at"),
  LAPS("laps", 4, "event_code", "session", "row_id", "lap", "time_ms", "driver", "stint",
      "verdict", "clean", "yellow", "field_ms", "derived", "superseded", "at", "event_id"),
  PIT_STOPS("pit_stops", 4, "event_code", "session", "row_id", "pit", "counted", "inferred",
      "lap_in", "in_at", "out_at", "duration_ms", "pit_time_ms", "loss_ms", "apex_stop", "in_hole", "lap_in_estimated"),
  STINTS("stints", 4, "event_code", "session", "row_id", "stint", "start_lap", "end_lap", "laps",
      "timed_laps", "clean_laps", "driver", "start_at", "end_at", "driving_ms", "best_ms", "avg_ms",
      "avg_laps", "score_ms", "label"),
  ODDS("odds", 2, "event_code", "session", "p_now", "p_next", "p_after_next", "base_rate",
      "queue_size", "next_stoppers", "at"),
  STANDINGS("standings", 3, "event_code", "session", "row_id", "position", "laps", "pits",
      "in_pit", "owed", "gap_ms", "est_gap_ms", "est_position", "position_change"),
  LAP_CORRECTIONS("lap_corrections", 2, "event_code", "event_id", "session", "row_id",
      "from_laps", "to_laps", "reason", "at"),
  /** Written whole per session (delete, insert): its key here is (event_code, session). */
  PIT_QUEUE("pit_queue", 4, "event_code", "session", "pit_row", "position", "from_row_id",
      "from_number", "from_stint", "label", "score_ms", "since");

  private final String name;
  private final int keyColumns;
  private final List<String> columns;

  Table(String name, int keyColumns, String... columns) {
    this.name = name;
    this.keyColumns = keyColumns;
    this.columns = List.of(columns);
  }

  /** The table's name in the schema. */
  public String tableName() {
    return name;
  }

  /** How many of the first {@link #columns()} make the row's key. */
  public int keyColumns() {
    return keyColumns;
  }

  /** The columns the runner writes, key columns first. */
  public List<String> columns() {
    return columns;
  }

  /** {@code INSERT INTO t (...) VALUES (?, ...) ON DUPLICATE KEY UPDATE v = VALUES(v), ...}. */
  public String upsert() {
    StringBuilder sql = new StringBuilder("INSERT INTO ").append(name).append(" (")
        .append(String.join(", ", columns)).append(") VALUES (")
        .append("?, ".repeat(columns.size() - 1)).append("?)");
    List<String> updates = new ArrayList<>();
    for (String c : columns.subList(keyColumns, columns.size())) {
      updates.add(c + " = VALUES(" + c + ")");
    }
    if (!updates.isEmpty()) {
      sql.append(" ON DUPLICATE KEY UPDATE ").append(String.join(", ", updates));
    }
    return sql.toString();
  }

  /** A table of the schema and its primary key columns ({@code ORDER BY} of a dump). */
  public record Schema(String table, String primaryKey) {
  }

  /** Every table of the schema, in a fixed order, with its primary key: for dumps. */
  public static final List<Schema> ALL_TABLES = List.of(
      new Schema("metrics_offsets", "topic, kafka_partition"),
      new Schema("race_settings", "event_code"),
      new Schema("sessions", "event_code, session"),
      new Schema("teams", "event_code, session, row_id"),
      new Schema("drivers", "event_code, session, row_id, name"),
      new Schema("laps", "event_code, session, row_id, lap"),
      new Schema("pit_stops", "event_code, session, row_id, pit"),
      new Schema("stints", "event_code, session, row_id, stint"),
      new Schema("pit_queue", "event_code, session, pit_row, position"),
      new Schema("odds", "event_code, session"),
      new Schema("standings", "event_code, session, row_id"),
      new Schema("lap_corrections", "event_code, event_id"),
      new Schema("rejected_events", "topic, kafka_partition, kafka_offset"));
}
