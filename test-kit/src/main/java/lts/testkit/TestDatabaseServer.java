package lts.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import lts.store.Database;

/**
 * The MySQL-protocol server the database tests of every module create their databases on:
 *
 * <ul>
 *   <li>{@code LTS_TEST_DB=mysql8} (or {@code -Dlts.test.db=mysql8}): a MySQL 8.0.32 started once
 *       per test JVM through Testcontainers (needs Docker; opt-in, to prove MySQL 8
 *       compatibility);</li>
 *   <li>else the server of {@code LTS_TEST_DB_URL} ({@code LTS_TEST_DB_USER},
 *       {@code LTS_TEST_DB_PASSWORD});</li>
 *   <li>else MariaDB/MySQL at 127.0.0.1:3306 as root without password.</li>
 * </ul>
 */
public final class TestDatabaseServer {

  /** The default: the local MariaDB. */
  public static final String DEFAULT_SERVER = "jdbc:mysql://127.0.0.1:3306/";

  private TestDatabaseServer() {
  }

  /** True when the tests asked for a MySQL 8.0.32 container. */
  public static boolean mysql8Container() {
    String choice = System.getenv("LTS_TEST_DB");
    if (choice == null || choice.isBlank()) {
      choice = System.getProperty("lts.test.db", "");
    }
    return "mysql8".equalsIgnoreCase(choice.trim());
  }

  /** JDBC URL of the server, ending with "/" (append a database name). */
  public static String serverUrl() {
    if (mysql8Container()) {
      return MySql8Container.serverUrl();
    }
    String url = System.getenv("LTS_TEST_DB_URL");
    if (url == null || url.isBlank()) {
      return DEFAULT_SERVER;
    }
    url = Database.normalizeUrl(url);
    int slash = url.indexOf('/', "jdbc:mysql://".length());
    return slash < 0 ? url + "/" : url.substring(0, slash + 1);
  }

  public static String user() {
    if (mysql8Container()) {
      return MySql8Container.USER;
    }
    String u = System.getenv("LTS_TEST_DB_USER");
    return u == null ? "root" : u;
  }

  public static String password() {
    if (mysql8Container()) {
      return MySql8Container.PASSWORD;
    }
    String p = System.getenv("LTS_TEST_DB_PASSWORD");
    return p == null ? "" : p;
  }

  /** A connection to the server (no database), failing within 3 s when it is not there. */
  public static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.put("user", user());
    p.put("password", password());
    p.put("connectTimeout", "3000");
    return DriverManager.getConnection(serverUrl(), p);
  }

  /** What to do when the server cannot be reached. */
  public static String unreachable(SQLException e) {
    return "MariaDB/MySQL not reachable at " + serverUrl() + " (" + e.getMessage() + "): start it "
        + "(apt-get install mariadb-server; mariadbd), set LTS_TEST_DB_URL, or LTS_TEST_DB=mysql8 "
        + "with Docker";
  }
}
