package lts.testkit;

import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * MySQL 8.0.32 in Docker for {@code LTS_TEST_DB=mysql8}, started on first use and shared by the
 * test classes of the JVM (Testcontainers' reaper removes it when the JVM ends). Loaded only on
 * that switch, so the other runs never touch Docker.
 */
final class MySql8Container {

  static final String IMAGE = "mysql:8.0.32";
  static final String USER = "root";
  static final String PASSWORD = "lts-test";

  private static final class Holder {
    static final MySQLContainer<?> CONTAINER = start();
  }

  private MySql8Container() {
  }

  static String serverUrl() {
    MySQLContainer<?> c = Holder.CONTAINER;
    return "jdbc:mysql://" + c.getHost() + ":" + c.getMappedPort(MySQLContainer.MYSQL_PORT) + "/";
  }

  private static MySQLContainer<?> start() {
    MySQLContainer<?> c = new MySQLContainer<>(DockerImageName.parse(IMAGE))
        .withUsername(USER).withPassword(PASSWORD)
        .withCommand("--character-set-server=utf8mb4", "--collation-server=utf8mb4_bin");
    try {
      c.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException("LTS_TEST_DB=mysql8: cannot start " + IMAGE
          + " with Testcontainers (is Docker running?): " + e.getMessage(), e);
    }
    return c;
  }
}
