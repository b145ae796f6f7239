package lts.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * What the runner reads: the offsets committed with the effects and the strategist's label
 * overrides. The rules are {@link StoredRules}'; one transaction's writes {@link Writes}'.
 */
final class Store {

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

  /** The strategist's labels of a session. */
  static LabelOverrides overrides(Connection c, String eventCode, int session)
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
    return new LabelOverrides(out);
  }
}
