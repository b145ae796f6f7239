package lts.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import lts.store.Database;

/**
 * The API bench's database: H2 in MySQL mode in memory, or a fresh MariaDB database
 * {@code lts_bench_<random>} on 127.0.0.1:3306 as root without password, dropped on close.
 */
final class BenchDatabase implements AutoCloseable {

  private final Database db;
  private final String mariaDbName; // null for H2

  private BenchDatabase(Database db, String mariaDbName) {
    this.db = db;
    this.mariaDbName = mariaDbName;
  }

  /** {@code kind}: h2 or mariadb. */
  static BenchDatabase open(String kind) throws Exception {
    if (kind.equals("mariadb")) {
      String name = "lts_bench_" + Long.toHexString(System.nanoTime() & 0xffffffL);
      mariaDb("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
      return new BenchDatabase(Database.open("jdbc:mysql://127.0.0.1:3306/" + name, "root", null),
          name);
    } else if (kind.equals("h2")) {
      return new BenchDatabase(Database.open("jdbc:h2:mem:bench", null, null), null);
    } else {
      throw new IllegalArgumentException("database: h2 or mariadb, not " + kind);
    }
  }

  Database db() {
    return db;
  }

  /** Closes the database; drops the MariaDB one. */
  @Override
  public void close() throws Exception {
    db.close();
    if (mariaDbName != null) {
      mariaDb("DROP DATABASE " + mariaDbName);
    }
  }

  private static void mariaDb(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "");
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
