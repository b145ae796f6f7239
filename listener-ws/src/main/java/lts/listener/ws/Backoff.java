package lts.listener.ws;

import java.time.Duration;
import java.util.Objects;

/**
 * The wait before a reconnect: {@code initial}, doubling after each attempt up to {@code max},
 * back to {@code initial} after a connection that lived longer than {@code resetAfter}.
 * Not thread-safe.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final Duration resetAfter;
  private Duration next;

  /** 1 s doubling to 60 s, reset after a connection that lived more than 60 s. */
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  public Backoff(Duration initial, Duration max, Duration resetAfter) {
    this.initial = Objects.requireNonNull(initial, "initial");
    this.max = Objects.requireNonNull(max, "max");
    this.resetAfter = Objects.requireNonNull(resetAfter, "resetAfter");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial
          + " and " + max);
    }
    this.next = initial;
  }

  /**
   * The wait before the next attempt, after a connection that lived {@code lived} (zero when the
   * attempt failed to connect); the wait after that one doubles.
   */
  public Duration after(Duration lived) {
    if (lived.compareTo(resetAfter) > 0) {
      next = initial;
    }
    Duration wait = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return wait;
  }
}
