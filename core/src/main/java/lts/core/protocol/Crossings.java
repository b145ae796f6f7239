package lts.core.protocol;

/**
 * A row's last crossings of the line: the race instant of each and the lap count it ended
 * ({@code -1}: unknown). A time in a gap cell is measured from another row's crossing (see
 * docs/LAPS.md): this is where the engine looks it up. Bounded: the oldest crossing is forgotten
 * once {@value #SIZE} are kept (a gap of up to about {@value #SIZE} laps can be read).
 */
final class Crossings {

  /** Crossings kept per row. */
  static final int SIZE = 32;

  /** A crossing: its race instant and the lap count it ended (-1: unknown). */
  record Crossing(long at, int lapsAfter) {
  }

  private final long[] at = new long[SIZE];
  private final int[] laps = new int[SIZE];
  private int count;
  private int next;

  /** The row crossed the line at {@code instant}, ending lap {@code lapsAfter} (or -1). */
  void add(long instant, int lapsAfter) {
    at[next] = instant;
    laps[next] = lapsAfter;
    next = (next + 1) % SIZE;
    count = Math.min(count + 1, SIZE);
  }

  /** Sets the lap count of the last crossing (its count came after its time). */
  void lastEnded(int lapsAfter) {
    if (count > 0) {
      laps[index(count - 1)] = lapsAfter;
    }
  }

  /**
   * The row's count is now {@code lapsNow} (corrected, or known at last): the crossings kept are
   * numbered again, one lap each, the last one ending lap {@code lapsNow} ({@code -1}: unknown).
   */
  void recount(int lapsNow) {
    for (int i = 0; i < count; i++) {
      int n = lapsNow < 0 ? -1 : lapsNow - (count - 1 - i);
      laps[index(i)] = n < 0 ? -1 : n;
    }
  }

  /** Forgets every crossing (a new session). */
  void clear() {
    count = 0;
    next = 0;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** The instant of the last crossing; only when not {@link #isEmpty()}. */
  long lastAt() {
    return at[index(count - 1)];
  }

  /**
   * The crossing nearest {@code instant}, when it is within a third of the time to its nearest
   * neighbour (a third of a lap: the instants of a replay read at full speed can be seconds off,
   * a lap is a minute) and within {@code maxOffMs}; null when none is near enough (or only one is
   * kept).
   */
  Crossing near(long instant, long maxOffMs) {
    int best = -1;
    long bestOff = Long.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      long off = Math.abs(at[index(i)] - instant);
      if (off < bestOff) {
        bestOff = off;
        best = i;
      }
    }
    if (best < 0) {
      return null;
    }
    long spacing = Long.MAX_VALUE;
    if (best > 0) {
      spacing = at[index(best)] - at[index(best - 1)];
    }
    if (best < count - 1) {
      spacing = Math.min(spacing, at[index(best + 1)] - at[index(best)]);
    }
    if (spacing == Long.MAX_VALUE || bestOff > spacing / 3 || bestOff > maxOffMs) {
      return null;
    }
    return new Crossing(at[index(best)], laps[index(best)]);
  }

  private int index(int i) {
    return (next - count + i + SIZE * 2) % SIZE;
  }
}
