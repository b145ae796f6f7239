package lts.core.strategy;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The field's pace at a moment: the median of the clean laps of all teams in a sliding time window
 * (10 minutes by default). Track grip changes across a race, so a stint is compared with the
 * rivals at the same time. Feed it clean laps in time order.
 */
public final class FieldReference {

  private final long windowMs;
  private final Deque<long[]> laps = new ArrayDeque<>();

  public FieldReference(long windowMs) {
    if (windowMs <= 0) {
      throw new IllegalArgumentException("window must be positive");
    }
    this.windowMs = windowMs;
  }

  /** Adds a clean lap that ended at {@code at}. */
  public void add(long at, long timeMs) {
    laps.addLast(new long[] {at, timeMs});
    while (!laps.isEmpty() && laps.peekFirst()[0] < at - windowMs) {
      laps.removeFirst();
    }
  }

  /** The median of the window's laps, or null when it is empty. */
  public Long median() {
    if (laps.isEmpty()) {
      return null;
    }
    long[] times = laps.stream().mapToLong(l -> l[1]).toArray();
    return Math.round(OutlierRule.median(times));
  }

  /** How many laps the window holds. */
  public int size() {
    return laps.size();
  }

  static long median(long[] values) {
    return Math.round(OutlierRule.median(Arrays.copyOf(values, values.length)));
  }
}
