package lts.core.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which laps of a stint are clean (docs: ../shared/docs/strategy.md): out-laps, in-laps and yellow
 * laps never are; of the others, a lap further than {@code k · max(MAD, madFloorMs)} from the
 * median of the candidates is an outlier, and any lap over {@code slowRatio} × median is slow.
 *
 * @param k how many MADs away is too far (≈3)
 * @param madFloorMs the smallest MAD used (≈300 ms): a very regular stint does not make every
 *     small lift an outlier
 * @param slowRatio above this share of the median a lap is always excluded (1.15)
 */
public record OutlierRule(double k, long madFloorMs, double slowRatio) {

  /** k = 3, MAD floor 0.3 s, 115 %. */
  public static final OutlierRule DEFAULT = new OutlierRule(3.0, 300, 1.15);

  public OutlierRule {
    if (k <= 0 || madFloorMs < 0 || slowRatio <= 1) {
      throw new IllegalArgumentException("k > 0, madFloorMs >= 0, slowRatio > 1 expected");
    }
  }

  /** A verdict per lap, in the same order. */
  public List<LapVerdict> classify(List<LapSample> laps) {
    long[] candidates = new long[laps.size()];
    int n = 0;
    for (LapSample l : laps) {
      if (l.timeMs() != null && !l.outLap() && !l.inLap() && !l.yellow()) {
        candidates[n++] = l.timeMs();
      }
    }
    double median = n == 0 ? Double.NaN : median(Arrays.copyOf(candidates, n));
    double mad = Double.NaN;
    if (n > 0) {
      long[] deviations = new long[n];
      for (int i = 0; i < n; i++) {
        deviations[i] = Math.round(Math.abs(candidates[i] - median));
      }
      mad = median(deviations);
    }
    double limit = k * Math.max(Double.isNaN(mad) ? 0 : mad, madFloorMs);
    List<LapVerdict> verdicts = new ArrayList<>(laps.size());
    for (LapSample l : laps) {
      verdicts.add(verdict(l, median, limit));
    }
    return verdicts;
  }

  private LapVerdict verdict(LapSample l, double median, double limit) {
    if (l.timeMs() == null) {
      return LapVerdict.NO_TIME;
    }
    if (l.outLap()) {
      return LapVerdict.OUT_LAP;
    }
    if (l.inLap()) {
      return LapVerdict.IN_LAP;
    }
    if (l.yellow()) {
      return LapVerdict.YELLOW;
    }
    if (l.timeMs() > slowRatio * median) {
      return LapVerdict.SLOW;
    }
    if (Math.abs(l.timeMs() - median) > limit) {
      return LapVerdict.OUTLIER;
    }
    return LapVerdict.CLEAN;
  }

  /** Median of values (sorts the array). */
  static double median(long[] values) {
    Arrays.sort(values);
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  }
}
