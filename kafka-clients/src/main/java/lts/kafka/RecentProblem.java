package lts.kafka;

/**
 * The last failure of a publisher while it is recent: shown for {@link #SHOWN_MS} ms after it was
 * reported, cleared at once by a success. A load balancer that stops sending traffic on DOWN must
 * not keep a listener DOWN forever. Thread-safe.
 */
final class RecentProblem {

  /** How long a failure is shown without a new one. */
  static final long SHOWN_MS = 60_000;

  private volatile String problem;
  private volatile long reportedAtMs;

  void report(String message, long nowMs) {
    reportedAtMs = nowMs;
    problem = message;
  }

  void clear() {
    problem = null;
  }

  /** The problem, or null when there is none or it is older than {@link #SHOWN_MS}. */
  String at(long nowMs) {
    String shown = problem;
    return shown == null || nowMs - reportedAtMs > SHOWN_MS ? null : shown;
  }
}
