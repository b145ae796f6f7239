package lts.core.protocol;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The pace at which a feed's frames come, measured on the race's own clocks: each sample is a
 * stretch of race time the feed proves (a lap, the countdown) against the received time it took.
 * From the last {@link #SAMPLES} it tells the {@link RaceClock} which instants to trust: the
 * received ones (the track's pace), the received ones scaled by the measured rate (a paced
 * replay), or none (frames faster than any steady pace: the feed's evidence alone).
 */
final class ReplayPace {

  /** How far from 1 a measured rate may be and still be "the track's pace". */
  static final double PACED_TOLERANCE = 0.03;
  /** A rate sample needs frames at least this far apart (received time). */
  static final long MIN_RECEIVED_SPAN_MS = 500;
  /** Rate samples kept (the median of these decides). */
  static final int SAMPLES = 15;
  /**
   * Largest relative dispersion of the rates (median distance to their median) for a steady
   * pace; beyond it the frames come at no pace of their own.
   */
  static final double MAX_PACE_DISPERSION = 0.10;
  /** Once on evidence alone, a pace must be this steady to be trusted again. */
  static final double RETURN_PACE_DISPERSION = 0.02;
  /** Samples needed before the clock leaves the received instants. */
  static final int MIN_SAMPLES = 5;

  /** What the samples say: the clock's mode and, for a scaled one, the rate. */
  record Verdict(RaceClock.Mode mode, double rate) {
  }

  private final ArrayDeque<double[]> samples = new ArrayDeque<>();

  /** {@code raceMs} of race time took {@code receivedMs} to arrive. */
  void sample(long raceMs, long receivedMs) {
    if (raceMs <= 0) {
      return;
    }
    samples.addLast(new double[] {raceMs, receivedMs});
    while (samples.size() > SAMPLES) {
      samples.removeFirst();
    }
  }

  /**
   * The mode the samples call for, the clock being in {@code current} at {@code rate}; null while
   * there are too few samples to say.
   */
  Verdict verdict(RaceClock.Mode current, double rate) {
    if (samples.size() < MIN_SAMPLES) {
      return null;
    }
    double[] spans = samples.stream().mapToDouble(s -> s[1]).sorted().toArray();
    double medianSpan = spans[spans.length / 2];
    double[] rates = samples.stream().filter(s -> s[1] >= MIN_RECEIVED_SPAN_MS)
        .mapToDouble(s -> s[0] / s[1]).sorted().toArray();
    double steadiness = current == RaceClock.Mode.EVIDENCE ? RETURN_PACE_DISPERSION
        : MAX_PACE_DISPERSION;
    if (medianSpan < MIN_RECEIVED_SPAN_MS || rates.length < MIN_SAMPLES
        || dispersion(rates) > steadiness) {
      // frames faster than any measurable pace, or at no steady pace (as fast as they can be
      // read: the received time between two laps says how many frames there were, not how long)
      return new Verdict(RaceClock.Mode.EVIDENCE, rate);
    }
    double measured = median(rates);
    RaceClock.Mode next = Math.abs(measured - 1) <= PACED_TOLERANCE ? RaceClock.Mode.RECEIVED
        : RaceClock.Mode.SCALED;
    if (current == RaceClock.Mode.EVIDENCE && next == RaceClock.Mode.SCALED) {
      // frames that came at no pace and now seem to: their evidence still tells best (only a
      // feed back at the track's own pace, after a burst, returns to its received instants)
      return new Verdict(RaceClock.Mode.EVIDENCE, rate);
    }
    return new Verdict(next, measured);
  }

  /** The median distance of the rates to their median, relative to it. */
  private static double dispersion(double[] rates) {
    double m = median(rates);
    double[] distances = Arrays.stream(rates).map(r -> Math.abs(r - m)).toArray();
    return m <= 0 ? Double.MAX_VALUE : median(distances) / m;
  }

  private static double median(double[] values) {
    double[] s = Arrays.copyOf(values, values.length);
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
