package lts.listener.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * How a listener treats a silent feed: after {@code pingAfter} without a message or a pong it
 * pings (at most once per {@code pingAfter}, one ping at a time); after {@code idleTimeout} the
 * connection is presumed dead and made again. ZERO turns either off. Needed: the JDK websocket
 * client can miss the server's TCP close (no onClose nor onError).
 */
record Silence(Duration pingAfter, Duration idleTimeout) {

  Silence {
    Objects.requireNonNull(pingAfter, "pingAfter");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  /** True when nothing was heard for longer than the idle timeout. */
  boolean presumedDead(long silentNs) {
    return !idleTimeout.isZero() && silentNs > idleTimeout.toNanos();
  }

  /**
   * True when a ping should go out now.
   *
   * @param silentNs how long nothing was heard
   * @param sinceLastPingNs how long ago the last ping went out
   * @param pingInFlight whether the last ping is still being sent
   */
  boolean pingDue(long silentNs, long sinceLastPingNs, boolean pingInFlight) {
    long after = pingAfter.toNanos();
    return !pingAfter.isZero() && silentNs > after && !pingInFlight && sinceLastPingNs > after;
  }
}
