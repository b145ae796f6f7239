package lts.testkit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import lts.store.Database;
import lts.store.Table;

/**
 * The databases of a test class: on the MySQL-protocol server of {@link TestDatabaseServer}
 * (MariaDB at 127.0.0.1:3306, {@code LTS_TEST_DB_URL}, or MySQL 8.0.32 in Docker with
 * {@code LTS_TEST_DB=mysql8}), uniquely named databases created for the class and dropped after
 * it; or H2 in memory. When the server is unreachable its tests skip with a message, or fail
 * under {@code LTS_REQUIRE_REAL=1}.
 */
public final class TestDatabases implements AutoCloseable {

  public enum Kind { MARIADB, H2 }

  public final Kind kind;
  private final String prefix;
  private final List<String> created = new ArrayList<>();

  public TestDatabases(Kind kind, String testClass) {
    this.kind = kind;
    this.prefix = "lts_t_" + testClass.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
        .substring(0, Math.min(20, testClass.length())) + "_"
        + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    if (kind == Kind.MARIADB) {
      try (Connection c = TestDatabaseServer.connect()) {
        c.isValid(2);
      } catch (SQLException e) {
        String message = TestDatabaseServer.unreachable(e);
        if (SharedData.realPartsRequired()) {
          throw new AssertionError(message + "; LTS_REQUIRE_REAL=1 makes it mandatory", e);
        }
        assumeTrue(false, message + ": skipping");
      }
    }
  }

  /** A new empty database; its JDBC URL (MariaDB: to the server, H2: in memory). */
  public String create(String name) throws SQLException {
    String db = prefix + "_" + name;
    created.add(db);
    if (kind == Kind.H2) {
      return "jdbc:h2:mem:" + db + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    }
    try (Connection c = TestDatabaseServer.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    }
    return TestDatabaseServer.serverUrl() + db;
  }

  private org.h2.tools.Server h2Server;

  /** Host of the database server (for a proxy in front of it). */
  public String serverHost() {
    if (kind == Kind.H2) {
      return "127.0.0.1";
    }
    String rest = TestDatabaseServer.serverUrl().substring("jdbc:mysql://".length());
    String hostPort = rest.substring(0, rest.indexOf('/'));
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? hostPort : hostPort.substring(0, colon);
  }

  /** Port of the database server: MariaDB's, or an H2 TCP server's started for the class. */
  public synchronized int serverPort() throws SQLException {
    if (kind == Kind.H2) {
      if (h2Server == null) {
        h2Server = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
      }
      return h2Server.getPort();
    }
    String rest = TestDatabaseServer.serverUrl().substring("jdbc:mysql://".length());
    String hostPort = rest.substring(0, rest.indexOf('/'));
    int colon = hostPort.lastIndexOf(':');
    return colon < 0 ? 3306 : Integer.parseInt(hostPort.substring(colon + 1));
  }

  /**
   * The URL of database {@code name} (made by {@link #create}) through {@code port} on
   * 127.0.0.1: another process, or a proxy, reaches it there. H2: through its TCP server.
   */
  public String remoteUrl(String name, int port) {
    String db = prefix + "_" + name;
    if (kind == Kind.H2) {
      return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + db
          + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
    }
    return "jdbc:mysql://127.0.0.1:" + port + "/" + db;
  }

  /** Opens (and migrates) a database made by {@link #create}. */
  public Database open(String url) throws Database.UnavailableException {
    return kind == Kind.H2 ? Database.open(url, null, null)
        : Database.open(url, TestDatabaseServer.user(), TestDatabaseServer.password());
  }

  /** Every table, every row, ordered by primary key: one string per row. */
  public static Map<String, List<String>> dump(Database db, boolean withOffsets) throws SQLException {
    Map<String, List<String>> out = new LinkedHashMap<>();
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      for (Table.Schema t : Table.ALL_TABLES) {
        if (!withOffsets && t.table().equals("metrics_offsets")) {
          continue;
        }
        List<String> rows = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + t.table() + " ORDER BY " + t.primaryKey())) {
          ResultSetMetaData md = rs.getMetaData();
          while (rs.next()) {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
              b.append(i == 1 ? "" : "|").append(rs.getString(i));
            }
            rows.add(b.toString());
          }
        }
        out.put(t.table(), rows);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (h2Server != null) {
      h2Server.stop();
    }
    if (kind == Kind.H2) {
      for (String db : created) {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + db + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE");
            Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
        } catch (SQLException ignored) {
          // already gone
        }
      }
      return;
    }
    try (Connection c = TestDatabaseServer.connect(); Statement s = c.createStatement()) {
      for (String db : created) {
        s.execute("DROP DATABASE IF EXISTS " + db);
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test databases " + created + ": " + e.getMessage());
    }
  }
}
