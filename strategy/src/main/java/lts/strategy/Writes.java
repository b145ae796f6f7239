package lts.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import lts.store.Table;
import lts.strategy.TableRow.PitQueueRow;

/**
 * What one transaction writes: the rows that changed (upserts on natural keys), the pit lanes
 * written whole, the rejected records and the offsets moved. Every statement is batched per
 * table: a few round trips per transaction, not one per event.
 */
final class Writes {

  /** Longest text any VARCHAR column of the schema takes (longer values are cut). */
  static final int MAX_TEXT = 200;

  /**
   * A partition's offset moved from {@code expected} (what the database holds now, -1 for no row)
   * to {@code next}.
   */
  record OffsetMove(int partition, long next, long expected) {
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

  final Map<Table, List<TableRow>> upserts = new EnumMap<>(Table.class);
  /** The whole pit lane of each session whose lane changed. */
  final Map<SessionKey, List<PitQueueRow>> pitLanes = new LinkedHashMap<>();
  final List<RejectedRow> rejected = new ArrayList<>();
  final List<OffsetMove> offsets = new ArrayList<>();
  /** The tables changed per session, for the notifications. */
  final Map<SessionKey, Set<String>> changed = new LinkedHashMap<>();

  void upsert(TableRow row) {
    upserts.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
    changed(row.sessionKey(), row.table());
  }

  void pitLane(SessionKey session, List<PitQueueRow> rows) {
    pitLanes.put(session, rows);
    changed(session, Table.PIT_QUEUE);
  }

  private void changed(SessionKey session, Table table) {
    changed.computeIfAbsent(session, k -> new TreeSet<>()).add(table.tableName());
  }

  /** How many rows the transaction writes (a pit lane's delete counted as one). */
  int rows() {
    int n = rejected.size() + offsets.size();
    for (List<TableRow> l : upserts.values()) {
      n += l.size();
    }
    for (List<PitQueueRow> l : pitLanes.values()) {
      n += l.size() + 1;
    }
    return n;
  }

  /**
   * Runs every statement on {@code c} (in its transaction).
   *
   * @throws FencedException when another writer moved an offset
   */
  void execute(Connection c, String topic) throws SQLException {
    for (Map.Entry<Table, List<TableRow>> e : upserts.entrySet()) {
      batch(c, e.getKey().upsert(), e.getValue().stream().map(TableRow::values).toList());
    }
    if (!pitLanes.isEmpty()) {
      List<List<Object>> deletes = new ArrayList<>();
      List<List<Object>> inserts = new ArrayList<>();
      pitLanes.forEach((key, rows) -> {
        deletes.add(List.of(key.eventCode(), key.session()));
        rows.forEach(r -> inserts.add(r.values()));
      });
      batch(c, "DELETE FROM pit_queue WHERE event_code = ? AND session = ?", deletes);
      batch(c, Table.PIT_QUEUE.upsert(), inserts);
    }
    if (!rejected.isEmpty()) {
      batch(c, RejectedRow.INSERT, rejected.stream().map(RejectedRow::values).toList());
    }
    Set<Integer> fenced = new TreeSet<>();
    for (OffsetMove move : offsets) {
      if (!moveOffset(c, topic, move)) {
        fenced.add(move.partition());
      }
    }
    if (!fenced.isEmpty()) {
      throw new FencedException(fenced);
    }
  }

  /** Moves a partition's offset; false when the database holds another: another runner wrote. */
  private static boolean moveOffset(Connection c, String topic, OffsetMove move)
      throws SQLException {
    if (move.expected() < 0) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics_offsets (topic, "
          + "kafka_partition, next_offset) VALUES (?, ?, ?)")) {
        ps.setString(1, topic);
        ps.setInt(2, move.partition());
        ps.setLong(3, move.next());
        ps.executeUpdate();
        return true;
      } catch (SQLIntegrityConstraintViolationException taken) {
        return false;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE metrics_offsets SET next_offset = ? "
        + "WHERE topic = ? AND kafka_partition = ? AND next_offset = ?")) {
      ps.setLong(1, move.next());
      ps.setString(2, topic);
      ps.setInt(3, move.partition());
      ps.setLong(4, move.expected());
      return ps.executeUpdate() == 1; // Connector/J counts matched rows, H2 too
    }
  }

  private static void batch(Connection c, String sql, List<List<Object>> rows)
      throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int n = 0;
      for (List<Object> row : rows) {
        for (int i = 0; i < row.size(); i++) {
          Object v = row.get(i);
          if (v instanceof String s && s.length() > MAX_TEXT) {
            v = s.substring(0, MAX_TEXT);
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
