package lts.listener.ws;

/**
 * When each frame of one pass over a recording is due: its recorded time since the pass's first
 * frame, divided by the speed, after the moment the pass started.
 */
final class RecordingPace {

  /** A gap longer than this (in race time) in a recording is worth a log line when replayed. */
  static final long LONG_GAP_MS = 60_000;

  /**
   * The schedule of one frame.
   *
   * @param dueNs when to send it, on the {@link System#nanoTime()} scale
   * @param gapMs recorded time since the latest frame before it (0 for the first)
   */
  record Due(long dueNs, long gapMs) {

    boolean longGap() {
      return gapMs > LONG_GAP_MS;
    }
  }

  private final double speed;
  private final long startNs;
  private long first = -1;
  private long previous = -1;

  /**
   * @param speed how many times faster than recorded (finite)
   * @param startNs when the pass started, on the {@link System#nanoTime()} scale
   */
  RecordingPace(double speed, long startNs) {
    this.speed = speed;
    this.startNs = startNs;
  }

  /** Schedules the next frame of the pass, recorded at {@code at} (epoch ms). */
  Due next(long at) {
    if (first < 0) {
      first = at;
      previous = first;
    }
    long raceMs = at - first;
    long gapMs = at - previous;
    long dueNs = startNs + (long) (raceMs * 1_000_000.0 / speed);
    previous = Math.max(previous, at);
    return new Due(dueNs, gapMs);
  }

  /** How long a recorded gap takes at this speed, seconds. */
  double replayedSeconds(long gapMs) {
    return gapMs / 1000.0 / speed;
  }
}
