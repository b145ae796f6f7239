package lts.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceRules;
import lts.contracts.RaceRules.Field;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of each race as stored in {@code race_settings} (inserted with the defaults the first
 * time the feed is seen, editable later through the api), checked by {@link RaceRules#check}
 * before any is used: a stored value out of its bounds (a hand edit, an older api) is clamped to
 * the nearest bound, and the problem is logged naming the field, once per feed and problem, so
 * that a {@code pit_rows} of 300000000 never becomes 300000000 rows of a pit lane. The row in the
 * database is left as it is.
 */
final class StoredRules {

  private static final Logger log = LoggerFactory.getLogger(StoredRules.class);

  /** The rules read and what was wrong with the values stored (empty when nothing). */
  record Clamped(RaceRules rules, List<String> problems) {
    Clamped {
      problems = List.copyOf(problems);
    }
  }

  private final RaceRules defaults;
  /** The problems last logged per feed: logged again only when they change. */
  private final Map<String, List<String>> logged = new HashMap<>();

  /** @param defaults the rules of a feed seen for the first time */
  StoredRules(RaceRules defaults) {
    this.defaults = defaults;
  }

  /**
   * Rules from stored values: each value out of its bounds is clamped to the nearest bound (a
   * required one missing takes the default's); values that still make no rules (the shortest
   * driving time over the longest) give the defaults.
   */
  static Clamped clamp(Map<Field, Long> stored, RaceRules defaults) {
    RaceRules.Checked checked = RaceRules.check(stored);
    if (checked.valid()) {
      return new Clamped(checked.rules(), List.of());
    }
    Map<Field, Long> clamped = new EnumMap<>(Field.class);
    for (Field f : Field.values()) {
      Long v = stored.get(f);
      if (v != null) {
        clamped.put(f, Math.max(f.min(), Math.min(f.max(), v)));
      } else {
        clamped.put(f, f.nullable() ? null : defaults.get(f));
      }
    }
    RaceRules.Checked again = RaceRules.check(clamped);
    List<String> problems = new ArrayList<>(checked.problems());
    if (!again.valid()) {
      problems.addAll(again.problems());
      problems.add("the defaults are used");
      return new Clamped(defaults, problems);
    }
    return new Clamped(again.rules(), problems);
  }

  /** The rules of a feed; inserts the defaults the first time. */
  RaceRules read(Connection c, String eventCode) throws SQLException {
    RaceRules r = readStored(c, eventCode);
    if (r != null) {
      return r;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO race_settings (event_code, "
        + "min_pit_stops, pit_time_ms, pit_rows, spare_karts, max_stint_ms, min_driver_ms, "
        + "max_driver_ms, avg_laps, label_band_ms, min_clean_laps) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
        + "?, ?, ?) ON DUPLICATE KEY UPDATE event_code = event_code")) {
      ps.setString(1, eventCode);
      ps.setInt(2, defaults.minPitStops());
      ps.setLong(3, defaults.pitTimeMs());
      ps.setInt(4, defaults.pitRows());
      ps.setInt(5, defaults.spareKarts());
      setLong(ps, 6, defaults.maxStintMs());
      setLong(ps, 7, defaults.minDriverMs());
      setLong(ps, 8, defaults.maxDriverMs());
      ps.setInt(9, defaults.avgLaps());
      ps.setLong(10, defaults.labelBandMs());
      ps.setInt(11, defaults.minCleanLaps());
      ps.executeUpdate();
    }
    r = readStored(c, eventCode);
    return r == null ? defaults : r;
  }

  private RaceRules readStored(Connection c, String eventCode) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT min_pit_stops, pit_time_ms, pit_rows, "
        + "spare_karts, max_stint_ms, min_driver_ms, max_driver_ms, avg_laps, label_band_ms, "
        + "min_clean_laps FROM race_settings WHERE event_code = ?")) {
      ps.setString(1, eventCode);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<Field, Long> stored = new EnumMap<>(Field.class);
        Field[] columns = {Field.MIN_PIT_STOPS, Field.PIT_TIME_MS, Field.PIT_ROWS,
            Field.SPARE_KARTS, Field.MAX_STINT_MS, Field.MIN_DRIVER_MS, Field.MAX_DRIVER_MS,
            Field.AVG_LAPS, Field.LABEL_BAND_MS, Field.MIN_CLEAN_LAPS};
        for (int i = 0; i < columns.length; i++) {
          long v = rs.getLong(i + 1);
          stored.put(columns[i], rs.wasNull() ? null : v);
        }
        Clamped clamped = clamp(stored, defaults);
        report(eventCode, clamped.problems());
        return clamped.rules();
      }
    }
  }

  private void report(String eventCode, List<String> problems) {
    List<String> before = logged.getOrDefault(eventCode, List.of());
    if (problems.equals(before)) {
      return;
    }
    if (problems.isEmpty()) {
      logged.remove(eventCode);
      log.info("metrics: race_settings of {} are valid again", eventCode);
      return;
    }
    logged.put(eventCode, problems);
    log.warn("metrics: race_settings of {} are out of bounds, clamped (the row is left as it is): "
        + "{}", eventCode, String.join("; ", problems));
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }
}
