package lts.strategy;

import java.sql.SQLException;
import lts.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the runner is stopping and what is wrong with it (null when healthy), shared by its
 * parts, with the backoff of its retries while the database is unavailable (0.5 s doubling to
 * 30 s).
 */
final class RunnerHealth {

  private static final Logger log = LoggerFactory.getLogger(RunnerHealth.class);
  private static final long MAX_BACKOFF_MS = 30_000;

  private final Database db;
  private volatile boolean stopping;
  private volatile String problem;
  private volatile boolean failed;

  RunnerHealth(Database db) {
    this.db = db;
  }

  /** The wait before attempt {@code attempt + 1} after {@code attempt} failed ones. */
  static long backoffMs(int attempt) {
    return Math.min(MAX_BACKOFF_MS, 500L << Math.min(attempt - 1, 16));
  }

  boolean stopping() {
    return stopping;
  }

  void stop() {
    stopping = true;
  }

  String problem() {
    return problem;
  }

  void healthy() {
    if (!failed) {
      problem = null;
    }
  }

  /** It stops for good because of {@code reason}: the problem, kept. */
  void failed(String reason) {
    failed = true;
    problem = reason;
    stopping = true;
  }

  /** The database failed with {@code e}: the problem said. */
  void databaseUnavailable(SQLException e) {
    if (failed) {
      return;
    }
    problem = "database " + db.url() + " unavailable: " + Database.rootMessage(e);
  }

  /** Sleeps the backoff of a failed attempt at {@code what}; an interrupt stops the runner. */
  void waitBeforeRetry(String what, int attempt, SQLException e) {
    long backoff = backoffMs(attempt);
    databaseUnavailable(e);
    log.error("metrics: database {} unavailable while {} (attempt {}: {}); retrying in {} ms",
        db.url(), what, attempt, Database.rootMessage(e), backoff);
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }
}
