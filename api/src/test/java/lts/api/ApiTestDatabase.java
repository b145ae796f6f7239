package lts.api;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import lts.testkit.SharedData;
import lts.store.Database;
import lts.testkit.TestDatabaseServer;

/**
 * A uniquely named database for one test class: on the server of {@link TestDatabaseServer}
 * (MariaDB at 127.0.0.1:3306, {@code LTS_TEST_DB_URL}, or MySQL 8.0.32 in Docker with
 * {@code LTS_TEST_DB=mysql8}), dropped at the end; or H2 in memory. Server unreachable: skip,
 * or fail under {@code LTS_REQUIRE_REAL=1}.
 */
final class ApiTestDatabase implements AutoCloseable {

  private final boolean mariadb;
  private final String name = "lts_api_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  final Database db;

  ApiTestDatabase(boolean mariadb) throws Exception {
    this.mariadb = mariadb;
    if (mariadb) {
      try (Connection c = TestDatabaseServer.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
      } catch (SQLException e) {
        String message = TestDatabaseServer.unreachable(e);
        if (SharedData.realPartsRequired()) {
          throw new AssertionError(message + "; LTS_REQUIRE_REAL=1 makes it mandatory", e);
        }
        assumeTrue(false, message + ": skipping");
      }
      db = Database.open(TestDatabaseServer.serverUrl() + name, TestDatabaseServer.user(),
          TestDatabaseServer.password());
    } else {
      db = Database.open("jdbc:h2:mem:" + name, null, null);
    }
  }

  void execute(String... statements) throws SQLException {
    try (Connection c = db.connection(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The race rules of {@code code} and its session 1, running: started an hour ago, a frame now. */
  void insertRunningRace(String code, long now) throws SQLException {
    execute(
        "INSERT INTO race_settings (event_code, min_pit_stops, pit_time_ms, pit_rows, spare_karts, "
            + "max_stint_ms, min_driver_ms, max_driver_ms, avg_laps, label_band_ms, min_clean_laps) "
            + "VALUES ('" + code + "', 6, 120000, 2, 2, 3000000, NULL, NULL, 5, 250, 5)",
        "INSERT INTO sessions (event_code, session, kind, title1, title2, track, light, "
            + "remaining_clock, remaining_ms, remaining_text, remaining_at, resumed, field_median_ms, "
            + "pit_loss_ms, pit_loss_measured, started_at, last_at) VALUES ('" + code + "', 1, 'RACE', "
            + "'12H', 'CARRERA', 'ADULTO', 'GREEN', 'COUNTDOWN', 1000000, '1000000', " + now + ", 0, "
            + "65400, 182000, 1, " + (now - 3_600_000) + ", " + now + ")");
  }

  @Override
  public void close() throws Exception {
    db.close();
    if (mariadb) {
      try (Connection c = TestDatabaseServer.connect(); Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
