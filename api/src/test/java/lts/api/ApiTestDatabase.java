package lts.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import lts.core.testing.SharedData;
import lts.metrics.Database;

/**
 * A uniquely named database for one test class: on MariaDB at 127.0.0.1:3306 (or the server of
 * {@code LTS_TEST_DB_URL}), dropped at the end; or H2 in memory. MariaDB unreachable: skip, or
 * fail under {@code LTS_REQUIRE_REAL=1}.
 */
final class ApiTestDatabase implements AutoCloseable {

  private final boolean mariadb;
  private final String name = "lts_api_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final Database db;

  ApiTestDatabase(boolean mariadb) throws Exception {
    this.mariadb = mariadb;
    if (mariadb) {
      try (Connection c = server(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      } catch (SQLException e) {
        String message = "MariaDB not reachable at " + serverUrl() + " (" + e.getMessage() + ")";
        if (SharedData.realPartsRequired()) {
          throw new AssertionError(message + "; LTS_REQUIRE_REAL=1 makes it mandatory", e);
        }
        assumeTrue(false, message + ": skipping");
      }
      db = Database.open(serverUrl() + name, user(), password());
    } else {
      db = Database.open("jdbc:h2:mem:" + name, null, null);
    }
  }

  private static String serverUrl() {
    String url = System.getenv("LTS_TEST_DB_URL");
    if (url == null || url.isBlank()) {
      return "jdbc:mysql://127.0.0.1:3306/";
    }
    url = Database.normalizeUrl(url);
    int slash = url.indexOf('/', "jdbc:mysql://".length());
    return slash < 0 ? url + "/" : url.substring(0, slash + 1);
  }

  private static String user() {
    String u = System.getenv("LTS_TEST_DB_USER");
    return u == null ? "root" : u;
  }

  private static String password() {
    String p = System.getenv("LTS_TEST_DB_PASSWORD");
    return p == null ? "" : p;
  }

  private static Connection server() throws SQLException {
    Properties p = new Properties();
    p.put("user", user());
    p.put("password", password());
    p.put("connectTimeout", "3000");
    return DriverManager.getConnection(serverUrl(), p);
  }

  void execute(String... statements) throws SQLException {
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  @Override
  public void close() throws Exception {
    db.close();
    if (mariadb) {
      try (Connection c = server(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
