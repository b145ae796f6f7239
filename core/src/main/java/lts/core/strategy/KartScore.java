package lts.core.strategy;

import java.util.List;

/**
 * How good the kart of a stint is: the score is the median, over the stint's clean laps, of
 * (lap time − the field reference when that lap ended), in ms (negative = faster than the field).
 * A stint with fewer than {@code minCleanLaps} such laps is {@link KartLabel#UNKNOWN}; otherwise
 * a score at or below {@code −bandMs} is {@link KartLabel#GOOD}, at or above {@code +bandMs}
 * {@link KartLabel#BAD}, and in between {@link KartLabel#UNKNOWN} (neither: the score tells how
 * close it is).
 *
 * @param scoreMs the median delta, null when no clean lap had a field reference
 * @param label the label
 * @param laps how many deltas the score is the median of
 */
public record KartScore(Long scoreMs, KartLabel label, int laps) {

  /** ±250 ms. */
  public static final long DEFAULT_BAND_MS = 250;
  /** Fewer clean laps than this: unknown. */
  public static final int DEFAULT_MIN_CLEAN_LAPS = 5;

  /** No clean lap at all. */
  public static final KartScore NONE = new KartScore(null, KartLabel.UNKNOWN, 0);

  /**
   * @param deltasMs clean lap time − field reference at that lap, one per clean lap
   * @param bandMs half-width of the neutral band (≥ 0)
   * @param minCleanLaps fewer deltas than this give {@link KartLabel#UNKNOWN} (≥ 1)
   */
  public static KartScore of(List<Long> deltasMs, long bandMs, int minCleanLaps) {
    if (bandMs < 0 || minCleanLaps < 1) {
      throw new IllegalArgumentException("band >= 0 and at least 1 clean lap expected");
    }
    if (deltasMs.isEmpty()) {
      return NONE;
    }
    long[] values = new long[deltasMs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = deltasMs.get(i);
    }
    long score = Math.round(OutlierRule.median(values));
    KartLabel label;
    if (values.length < minCleanLaps) {
      label = KartLabel.UNKNOWN;
    } else if (score <= -bandMs) {
      label = KartLabel.GOOD;
    } else if (score >= bandMs) {
      label = KartLabel.BAD;
    } else {
      label = KartLabel.UNKNOWN;
    }
    return new KartScore(score, label, values.length);
  }
}
