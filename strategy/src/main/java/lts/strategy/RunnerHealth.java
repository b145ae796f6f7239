package lts.strategy;

import java.sql.SQLException;
import java.time.Duration;
import lts.kafka.RunnerState;
import lts.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's life, shared by its parts: its {@link RunnerState} (phase, the loop's heartbeat and
 * stall check, a failure's reason: the same as every runner of the pipeline), what is wrong with
 * the database while it goes on, and the backoff of its retries while the database is unavailable
 * (0.5 s doubling to 30 s).
 */
final class RunnerHealth {

  private static final Logger log = LoggerFactory.getLogger(RunnerHealth.class);
  private static final long MAX_BACKOFF_MS = 30_000;
  /** Longer than the longest backoff: the loop beats before each wait. */
  static final Duration STALL_AFTER = Duration.ofMinutes(2);

  private final Database db;
  private final RunnerState state = new RunnerState("metrics", STALL_AFTER);
  private volatile String databaseProblem;

  RunnerHealth(Database db) {
    this.db = db;
  }

  /** The wait before attempt {@code attempt + 1} after {@code attempt} failed ones. */
  static long backoffMs(int attempt) {
    return Math.min(MAX_BACKOFF_MS, 500L << Math.min(attempt - 1, 16));
  }

  /** The runner's life ({@code starting}, {@code running}, {@code beat}, {@code stopped}). */
  RunnerState state() {
    return state;
  }

  boolean stopping() {
    return state.stopping();
  }

  void stop() {
    state.requestStop();
  }

  /** Null when healthy, else what is wrong: its phase, a stall, a failure, the database. */
  String problem() {
    String life = state.health();
    return life != null ? life : databaseProblem;
  }

  /** A transaction went through: the database is fine. */
  void healthy() {
    databaseProblem = null;
  }

  /** It stops for good because of {@code reason}. */
  void failed(String reason) {
    state.failed(reason);
    state.requestStop();
  }

  /** The database failed with {@code e}: the problem said. */
  void databaseUnavailable(SQLException e) {
    databaseProblem = "database " + db.url() + " unavailable: " + Database.rootMessage(e);
  }

  /** Sleeps the backoff of a failed attempt at {@code what}; an interrupt stops the runner. */
  void waitBeforeRetry(String what, int attempt, SQLException e) {
    long backoff = backoffMs(attempt);
    databaseUnavailable(e);
    log.error("metrics: database {} unavailable while {} (attempt {}: {}); retrying in {} ms",
        db.url(), what, attempt, Database.rootMessage(e), backoff);
    state.beat();
    try {
      Thread.sleep(backoff);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      state.requestStop();
    }
  }
}
