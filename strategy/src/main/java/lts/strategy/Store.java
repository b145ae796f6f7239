package lts.strategy;

import lts.store.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL of the runner: offsets, settings, overrides, and one transaction's writes (every
 * statement batched per table: a few round trips per transaction, not one per event).
 */
final class Store {

  /** Longest text any VARCHAR column of the schema takes (longer values are cut). */
  static final int MAX_TEXT = 200;

  private Store() {
  }

  /** The next offset to read per partition of {@code topic}, as committed with the effects. */
  static Map<Integer, Long> offsets(Connection c, String topic) throws SQLException {
    Map<Integer, Long> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT kafka_partition, next_offset FROM metrics_offsets WHERE topic = ?")) {
      ps.setString(1, topic);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  /** The settings of a feed; inserts the defaults the first time. */
  static RaceSettings settings(Connection c, String eventCode, RaceSettings defaults)
      throws SQLException {
    RaceSettings s = readSettings(c, eventCode);
    if (s != null) {
      return s;
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
    s = readSettings(c, eventCode);
    return s == null ? defaults : s;
  }

  private static RaceSettings readSettings(Connection c, String eventCode) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT min_pit_stops, pit_time_ms, pit_rows, "
        + "spare_karts, max_stint_ms, min_driver_ms, max_driver_ms, avg_laps, label_band_ms, "
        + "min_clean_laps FROM race_settings WHERE event_code = ?")) {
      ps.setString(1, eventCode);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        try {
          return new RaceSettings(rs.getInt(1), rs.getLong(2), Math.max(1, rs.getInt(3)),
              Math.max(0, rs.getInt(4)), longOrNull(rs, 5), longOrNull(rs, 6), longOrNull(rs, 7),
              Math.max(1, rs.getInt(8)), Math.max(0, rs.getLong(9)), Math.max(1, rs.getInt(10)));
        } catch (IllegalArgumentException e) {
          throw new SQLException("race_settings of " + eventCode + " are invalid: " + e.getMessage(), e);
        }
      }
    }
  }

  /** The strategist's labels of a session: {@code "rowId/stint"} → label. */
  static Map<String, String> overrides(Connection c, String eventCode, int session)
      throws SQLException {
    Map<String, String> out = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT row_id, stint, label_override FROM "
        + "stints WHERE event_code = ? AND session = ? AND label_override IS NOT NULL")) {
      ps.setString(1, eventCode);
      ps.setInt(2, session);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getInt(1) + "/" + rs.getInt(2), rs.getString(3));
        }
      }
    }
    return out;
  }

  private static Long longOrNull(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  /** What one transaction writes. */
  static final class Writes {
    final Map<Table, List<Object[]>> upserts = new EnumMap<>(Table.class);
    /** (event_code, session) → the whole pit lane of the session. */
    final Map<List<Object>, List<Object[]>> queues = new LinkedHashMap<>();
    final List<Object[]> rejected = new ArrayList<>();
    /** partition → {next offset, the offset the database holds now or -1 for none}. */
    final Map<Integer, long[]> offsets = new LinkedHashMap<>();
    /** "event_code" + "\u0000" + session → tables changed, for the notifications. */
    final Map<List<Object>, Set<String>> changed = new LinkedHashMap<>();

    void upsert(Table table, Object[] row) {
      upserts.computeIfAbsent(table, t -> new ArrayList<>()).add(row);
      changed(row[0], table == Table.LAP_CORRECTIONS ? row[2] : row[1], table.tableName());
    }

    void changed(Object eventCode, Object session, String table) {
      changed.computeIfAbsent(List.of(eventCode, session), k -> new TreeSet<>()).add(table);
    }

    int rows() {
      int n = rejected.size() + offsets.size();
      for (List<Object[]> l : upserts.values()) {
        n += l.size();
      }
      for (List<Object[]> l : queues.values()) {
        n += l.size() + 1;
      }
      return n;
    }

    /** Runs every statement on {@code c} (in its transaction). */
    void execute(Connection c, String topic) throws SQLException {
      for (Map.Entry<Table, List<Object[]>> e : upserts.entrySet()) {
        batch(c, e.getKey().upsert(), e.getValue());
      }
      if (!queues.isEmpty()) {
        List<Object[]> deletes = new ArrayList<>();
        List<Object[]> inserts = new ArrayList<>();
        queues.forEach((key, rows) -> {
          deletes.add(key.toArray());
          inserts.addAll(rows);
        });
        batch(c, "DELETE FROM pit_queue WHERE event_code = ? AND session = ?", deletes);
        batch(c, Table.PIT_QUEUE.upsert(), inserts);
      }
      if (!rejected.isEmpty()) {
        batch(c, "INSERT INTO rejected_events (topic, kafka_partition, kafka_offset, event_id, "
            + "event_code, session, type, reason, payload, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE reason = VALUES(reason)", rejected);
      }
      Set<Integer> fenced = new TreeSet<>();
      for (Map.Entry<Integer, long[]> e : offsets.entrySet()) {
        if (!moveOffset(c, topic, e.getKey(), e.getValue()[0], e.getValue()[1])) {
          fenced.add(e.getKey());
        }
      }
      if (!fenced.isEmpty()) {
        throw new FencedException(fenced);
      }
    }

    /**
     * Moves a partition's offset from {@code expected} (-1: no row yet) to {@code next}; false
     * when the database holds something else: another runner wrote the partition since.
     */
    private static boolean moveOffset(Connection c, String topic, int partition, long next,
        long expected) throws SQLException {
      if (expected < 0) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics_offsets (topic, "
            + "kafka_partition, next_offset) VALUES (?, ?, ?)")) {
          ps.setString(1, topic);
          ps.setInt(2, partition);
          ps.setLong(3, next);
          ps.executeUpdate();
          return true;
        } catch (java.sql.SQLIntegrityConstraintViolationException taken) {
          return false;
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE metrics_offsets SET next_offset = ? "
          + "WHERE topic = ? AND kafka_partition = ? AND next_offset = ?")) {
        ps.setLong(1, next);
        ps.setString(2, topic);
        ps.setInt(3, partition);
        ps.setLong(4, expected);
        return ps.executeUpdate() == 1; // Connector/J counts matched rows, H2 too
      }
    }

    private static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int n = 0;
        for (Object[] row : rows) {
          for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v instanceof String && ((String) v).length() > MAX_TEXT) {
              v = ((String) v).substring(0, MAX_TEXT);
            }
            ps.setObject(i + 1, v);
          }
          ps.addBatch();
          if (++n % 1000 == 0) {
            ps.executeBatch();
          }
        }
        ps.executeBatch();
      }
    }
  }

  /**
   * The offsets of some partitions moved under this runner's feet (a runner that lost the
   * partition in a rebalance but did not know it yet, or a hand edit): the transaction is rolled
   * back and those partitions are rebuilt from what the database holds.
   */
  static final class FencedException extends SQLException {
    private static final long serialVersionUID = 1L;
    final Set<Integer> partitions;

    FencedException(Set<Integer> partitions) {
      super("the stored offsets of partition(s) " + partitions + " were changed by another writer");
      this.partitions = partitions;
    }
  }

  /**
   * What the database holds, as last committed by this runner, per row key: a transaction writes
   * only the rows that differ.
   */
  static final class RowCache {
    private final Map<Table, Map<List<Object>, Object[]>> rows = new EnumMap<>(Table.class);
    private final Map<List<Object>, List<Object[]>> queues = new HashMap<>();

    /** Adds to {@code w} the rows of {@code computed} that differ from the cache. */
    void diff(Map<Table, List<Object[]>> computed, List<Object> sessionKey, Writes w) {
      for (Map.Entry<Table, List<Object[]>> e : computed.entrySet()) {
        Table table = e.getKey();
        if (table == Table.PIT_QUEUE) {
          List<Object[]> old = queues.get(sessionKey);
          if (old == null ? !e.getValue().isEmpty() : !same(old, e.getValue())) {
            w.queues.put(sessionKey, e.getValue());
            w.changed(sessionKey.get(0), sessionKey.get(1), table.tableName());
          }
          continue;
        }
        Map<List<Object>, Object[]> cached = rows.get(table);
        for (Object[] row : e.getValue()) {
          Object[] old = cached == null ? null : cached.get(key(table, row));
          if (old == null || !Arrays.equals(old, row)) {
            w.upsert(table, row);
          }
        }
      }
    }

    /** The transaction committed: the cache now holds what it wrote. */
    void committed(Writes w) {
      w.upserts.forEach((table, list) -> {
        Map<List<Object>, Object[]> cached = rows.computeIfAbsent(table, t -> new HashMap<>());
        for (Object[] row : list) {
          cached.put(key(table, row), row);
        }
      });
      queues.putAll(w.queues);
    }

    /**
     * Seeds the cache with the rows a restored model computes: the database holds them, since
     * every transaction wrote what differed. Not the pit lane and the odds: they also depend on
     * the strategist's label overrides, which may have changed while the runner was away, so
     * the first transaction after a restore writes them again.
     */
    void seed(Map<Table, List<Object[]>> computed, List<Object> sessionKey) {
      Writes w = new Writes();
      computed.forEach((table, list) -> {
        if (table != Table.PIT_QUEUE && table != Table.ODDS) {
          list.forEach(r -> w.upsert(table, r));
        }
      });
      committed(w);
    }

    private static List<Object> key(Table table, Object[] row) {
      return Arrays.asList(Arrays.copyOf(row, table.keyColumns()));
    }

    private static boolean same(List<Object[]> a, List<Object[]> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!Arrays.equals(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
  }
}
