package lts.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The one way the tests wait for something that happens on another thread, in another process or
 * behind a broker: poll a condition every {@link #POLL_INTERVAL} until it holds, and fail with what
 * was seen when it does not hold within the timeout. The polling interval is the only sleep a test
 * needs while it waits; "nothing else happened" is shown by a signal (a marker sent after, a
 * counter reaching its value), never by sleeping a fixed time.
 */
public final class Await {

  /** How often the condition is asked again. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  private Await() {
  }

  /**
   * Waits until {@code condition} holds; fails with {@code whatWasSeen} (asked once, at the
   * timeout) after {@code timeout}. An exception thrown by the condition ends the wait at once.
   * Returns how long the wait took.
   */
  public static Duration until(Duration timeout, BooleanSupplier condition,
      Supplier<String> whatWasSeen) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + ": " + whatWasSeen.get());
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting: " + whatWasSeen.get(), e);
      }
    }
    return Duration.ofNanos(System.nanoTime() - start);
  }
}
