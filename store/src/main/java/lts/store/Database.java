package lts.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's database: a HikariCP pool over MySQL Connector/J (MySQL 8, MariaDB 10.11) or H2
 * in MySQL mode, with the schema brought up to date by Flyway at start
 * ({@code classpath:db/metrics}, history in {@code metrics_schema_history}).
 */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** The database cannot be reached or used: the message says which URL and what to do. */
  public static final class UnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HikariDataSource pool;
  private final String url;

  private Database(HikariDataSource pool, String url) {
    this.pool = pool;
    this.url = url;
  }

  /**
   * The URL to use for a user's {@code --db_url}: {@code jdbc:mysql:} as given,
   * {@code jdbc:mariadb:} read as {@code jdbc:mysql:} (the runner ships MySQL Connector/J, which
   * speaks to MariaDB), {@code jdbc:h2:} with {@code MODE=MySQL;DATABASE_TO_LOWER=TRUE} added when
   * missing (and {@code DB_CLOSE_DELAY=-1} for an in-memory database).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static String normalizeUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no database URL: give --db_url (or env LTS_DB_URL), "
          + "e.g. jdbc:mysql://127.0.0.1:3306/lts or jdbc:h2:mem:lts");
    }
    String u = url.trim();
    String lower = u.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:mysql:")) {
      return u;
    }
    if (lower.startsWith("jdbc:mariadb:")) {
      return "jdbc:mysql:" + u.substring("jdbc:mariadb:".length());
    }
    if (lower.startsWith("jdbc:h2:")) {
      StringBuilder b = new StringBuilder(u);
      if (!lower.contains(";mode=")) {
        b.append(";MODE=MySQL");
      }
      if (!lower.contains(";database_to_lower=")) {
        b.append(";DATABASE_TO_LOWER=TRUE");
      }
      if (lower.startsWith("jdbc:h2:mem:") && !lower.contains(";db_close_delay=")) {
        b.append(";DB_CLOSE_DELAY=-1");
      }
      return b.toString();
    }
    throw new IllegalArgumentException("unsupported database URL '" + redact(u) + "': use "
        + "jdbc:mysql://HOST:3306/DB (MySQL 8), jdbc:mariadb://HOST:3306/DB (MariaDB 10.11) or "
        + "jdbc:h2:mem:NAME / jdbc:h2:file:PATH (embedded H2 in MySQL mode)");
  }

  /**
   * Opens the pool (one connection tried at once: fails fast) and migrates the schema.
   *
   * @throws UnavailableException when the database cannot be reached or migrated
   */
  public static Database open(String url, String user, String password)
      throws UnavailableException {
    String jdbc = normalizeUrl(url);
    HikariConfig config = new HikariConfig();
    config.setPoolName("lts-metrics");
    config.setJdbcUrl(jdbc);
    if (user != null && !user.isEmpty()) {
      config.setUsername(user);
    }
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(3);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(5_000);
    config.setValidationTimeout(2_000);
    config.setInitializationFailTimeout(1);
    config.setAutoCommit(true);
    if (jdbc.startsWith("jdbc:mysql:")) {
      config.addDataSourceProperty("rewriteBatchedStatements", "true");
      config.addDataSourceProperty("cachePrepStmts", "true");
      config.addDataSourceProperty("connectTimeout", "5000");
      config.addDataSourceProperty("socketTimeout", "60000");
      config.addDataSourceProperty("characterEncoding", "UTF-8");
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new UnavailableException("cannot connect to the database at " + redact(jdbc)
          + (user == null || user.isEmpty() ? "" : " as " + user) + ": " + rootMessage(e)
          + ". Is the server running and reachable, does the database exist (MariaDB/MySQL: "
          + "CREATE DATABASE lts CHARACTER SET utf8mb4), are --db_user/--db_password right "
          + "(env LTS_DB_URL, LTS_DB_USER, LTS_DB_PASSWORD)?", e);
    }
    Database db = new Database(pool, jdbc);
    try {
      db.migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new UnavailableException("cannot bring the schema of " + redact(jdbc)
          + " up to date (Flyway): " + rootMessage(e), e);
    }
    return db;
  }

  private void migrate() {
    Flyway flyway = Flyway.configure()
        .dataSource(pool)
        .locations("classpath:db/metrics")
        .table("metrics_schema_history")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
    MigrateResult result = flyway.migrate();
    MigrationInfo current = flyway.info().current();
    log.info("database {}: schema at version {} ({} migration(s) applied now)", redact(url),
        current == null ? "none" : current.getVersion(), result.migrationsExecuted);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** A connection of the pool (close it). */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** The URL in use, without a password. */
  public String url() {
    return redact(url);
  }

  @Override
  public void close() {
    pool.close();
  }

  /** The URL without a {@code password=} parameter. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** The innermost cause's message on one line (what a log line or an error says). */
  public static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    return (m == null ? t.getClass().getSimpleName() : m).replaceAll("\\s+", " ").trim();
  }
}
