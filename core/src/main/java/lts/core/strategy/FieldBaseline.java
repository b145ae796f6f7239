package lts.core.strategy;

import java.util.Arrays;
import java.util.List;

/**
 * The pace of the whole field over the race (track evolution, weather): a centred rolling median
 * of the laps minus their current effects, evaluated on a 30 s grid and interpolated per lap.
 */
final class FieldBaseline {

  /** Spacing of the grid the median is evaluated on. */
  static final long STEP_MS = 30_000;

  private FieldBaseline() {
  }

  /**
   * Writes into {@code out} the baseline at each lap.
   *
   * @param laps sorted by the time they ended
   * @param values what is left of each lap's time once its effects are taken out
   * @param windowMs width of the centred window
   */
  static void rollingMedian(List<KartModel.Lap> laps, double[] values, long windowMs,
      double[] out) {
    int n = laps.size();
    if (n == 0) {
      return;
    }
    long first = laps.get(0).at();
    long last = laps.get(n - 1).at();
    long step = STEP_MS;
    int points = (int) ((last - first) / step) + 2;
    double[] grid = new double[points];
    int lo = 0;
    int hi = 0;
    double previous = Medians.median(values);
    for (int p = 0; p < points; p++) {
      long t = first + p * step;
      while (lo < n && laps.get(lo).at() < t - windowMs / 2) {
        lo++;
      }
      while (hi < n && laps.get(hi).at() <= t + windowMs / 2) {
        hi++;
      }
      if (hi - lo >= 3) {
        previous = Medians.median(Arrays.copyOfRange(values, lo, hi));
      }
      grid[p] = previous;
    }
    for (int i = 0; i < n; i++) {
      double pos = (laps.get(i).at() - first) / (double) step;
      int a = (int) Math.floor(pos);
      int b = Math.min(a + 1, points - 1);
      double f = pos - a;
      out[i] = grid[a] * (1 - f) + grid[b] * f;
    }
  }
}
