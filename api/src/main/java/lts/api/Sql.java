package lts.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/** Read queries as JSON objects: one object per row, keys = column labels (snake case). */
final class Sql {

  private final DataSource dataSource;

  Sql(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Rows of a query with bound parameters (never concatenated into the SQL). */
  List<ObjectNode> rows(String sql, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        ResultSetMetaData md = rs.getMetaData();
        List<ObjectNode> out = new ArrayList<>();
        while (rs.next()) {
          ObjectNode row = JsonNodeFactory.instance.objectNode();
          for (int i = 1; i <= md.getColumnCount(); i++) {
            String name = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
            put(row, name, rs, i, md.getColumnType(i));
          }
          out.add(row);
        }
        return out;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  /** The first row, or null. */
  ObjectNode row(String sql, Object... params) {
    List<ObjectNode> rows = rows(sql, params);
    return rows.isEmpty() ? null : rows.get(0);
  }

  /** An update; returns the rows changed. */
  int update(String sql, Object... params) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  private static void bind(PreparedStatement ps, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      if (p == null) {
        ps.setNull(i + 1, Types.NULL);
      } else {
        ps.setObject(i + 1, p);
      }
    }
  }

  private static void put(ObjectNode row, String name, ResultSet rs, int i, int type)
      throws SQLException {
    switch (type) {
      case Types.BIGINT:
      case Types.INTEGER:
      case Types.SMALLINT:
      case Types.TINYINT: {
        long v = rs.getLong(i);
        if (rs.wasNull()) {
          row.putNull(name);
        } else if (type == Types.BIGINT) {
          row.put(name, v);
        } else {
          row.put(name, (int) v);
        }
        return;
      }
      case Types.DOUBLE:
      case Types.FLOAT:
      case Types.REAL:
      case Types.DECIMAL:
      case Types.NUMERIC: {
        double v = rs.getDouble(i);
        if (rs.wasNull()) {
          row.putNull(name);
        } else {
          row.put(name, v);
        }
        return;
      }
      case Types.BOOLEAN:
      case Types.BIT: {
        boolean v = rs.getBoolean(i);
        if (rs.wasNull()) {
          row.putNull(name);
        } else {
          row.put(name, v);
        }
        return;
      }
      default:
        row.put(name, rs.getString(i));
    }
  }

  /** The database failed: 503 for the client, the cause in the log. */
  static final class DatabaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DatabaseException(SQLException cause) {
      super("database error: " + cause.getMessage(), cause);
    }
  }
}
