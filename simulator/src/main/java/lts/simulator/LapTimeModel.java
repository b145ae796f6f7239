package lts.simulator;

import java.util.SplittableRandom;

/**
 * How long a lap takes: the track's base lap and its trend through the day, the kart's and the
 * driver's hidden effects, noise, rare outliers, cold tyres after a stop, and the yellow that
 * slows everybody down. Constants are documented in docs/SIMULATOR.md.
 */
final class LapTimeModel {

  static final double BASE_LAP_MS = 64_600;
  static final double BASE_LAP_SPREAD_MS = 800;
  static final double KART_SIGMA_MS = 300;
  static final double NOISE_EXP_MEAN_MS = 60;
  static final double OUTLIER_P = 0.015;
  static final double OUTLIER_MIN_MS = 2_000;
  static final double OUTLIER_MAX_MS = 10_000;
  static final double RUBBER_MS = 300;
  static final double RUBBER_TAU_MS = 3_600_000;
  static final double TEMP_AMP_MIN_MS = 1_600;
  static final double TEMP_AMP_MAX_MS = 2_400;
  static final double TEMP_PEAK_HOUR = 15;
  /** Cold tyres after a pit stop: the first full lap on the new kart is 2 s slower, then less. */
  static final double WARMUP_MS = 2_000;
  static final double WARMUP_DECAY = StrictMath.exp(-1);
  static final double YELLOW_FACTOR = 1.3;

  private final double baseLapMs;
  private final double tempAmpMs;
  /** By kart number, from 1. */
  private final long[] kartEffect;
  private final RaceTimeline timeline;

  /**
   * @param baseLapMs the track's reference lap at the start ({@link #drawBaseLap})
   * @param tempAmpMs how much slower the track is at the warmest hour ({@link #drawTempAmp})
   * @param kartEffect each kart's effect, by kart number from 1 ({@link #drawKartEffects})
   */
  LapTimeModel(double baseLapMs, double tempAmpMs, long[] kartEffect, RaceTimeline timeline) {
    this.baseLapMs = baseLapMs;
    this.tempAmpMs = tempAmpMs;
    this.kartEffect = kartEffect.clone();
    this.timeline = timeline;
  }

  static double drawBaseLap(SplittableRandom setup) {
    return BASE_LAP_MS + setup.nextDouble() * BASE_LAP_SPREAD_MS;
  }

  static double drawTempAmp(SplittableRandom setup) {
    return TEMP_AMP_MIN_MS + setup.nextDouble() * (TEMP_AMP_MAX_MS - TEMP_AMP_MIN_MS);
  }

  /** The hidden effects of karts 1..{@code karts}, index 0 unused. */
  static long[] drawKartEffects(int karts, SplittableRandom setup) {
    long[] effects = new long[karts + 1];
    for (int k = 1; k <= karts; k++) {
      effects[k] = Math.round(Draws.gauss(setup) * KART_SIGMA_MS);
    }
    return effects;
  }

  double baseLapMs() {
    return baseLapMs;
  }

  /** Karts in the race (numbered 1..karts). */
  int karts() {
    return kartEffect.length - 1;
  }

  long kartEffectMs(int kart) {
    return kartEffect[kart];
  }

  /**
   * The lap driven on {@code kart} by {@code d} from {@code at} without yellow, ms; draws its
   * noise and outliers from {@code r}.
   *
   * @param lapsSinceOut laps completed since the pit-out (1 to 3: cold tyres)
   */
  double nominalLap(SplittableRandom r, int kart, Driver d, int lapsSinceOut, long at) {
    double ms = baseLapMs + trend(at) + kartEffect[kart] + d.skillMs()
        + Draws.gauss(r) * d.noiseSigmaMs() + Draws.exponential(r, NOISE_EXP_MEAN_MS);
    if (lapsSinceOut >= 1 && lapsSinceOut <= 3) {
      // 2000, 736, 271 ms on the three laps after the pit lap
      ms += WARMUP_MS * StrictMath.pow(WARMUP_DECAY, lapsSinceOut - 1);
    }
    if (r.nextDouble() < OUTLIER_P) {
      double u = r.nextDouble();
      ms += OUTLIER_MIN_MS + u * u * (OUTLIER_MAX_MS - OUTLIER_MIN_MS);
    }
    return ms;
  }

  /** The pace of a kart and driver without noise (for strategy and crossing hints). */
  double typicalLap(int kart, Driver d) {
    return baseLapMs + tempAmpMs / 2 + kartEffect[kart] + d.skillMs();
  }

  /** A slow lap from {@code at} (warmest track, yellow if near), for the race rules. */
  double safeLap(int kart, Driver d, long at) {
    double lap = baseLapMs + tempAmpMs + kartEffect[kart] + d.skillMs() + 500;
    if (at < timeline.yellowTo() && timeline.yellowFrom() - at < 3 * lap) {
      lap *= YELLOW_FACTOR;
    }
    return lap;
  }

  /** Track trend: rubbering in (faster), then the day's temperature (slower in the afternoon). */
  double trend(long at) {
    double since = Math.max(0, at - timeline.greenAt());
    double rubber = -RUBBER_MS * (1 - StrictMath.exp(-since / RUBBER_TAU_MS));
    double hour = Math.floorMod(at, RaceTimeline.DAY_MS) / 3_600_000.0;
    double temp = (1 - StrictMath.cos(2 * StrictMath.PI * (hour - TEMP_PEAK_HOUR + 12) / 24)) / 2;
    return rubber + tempAmpMs * temp;
  }

  /** When a drive of {@code work} ms of green-flag time started at {@code at} ends. */
  long advance(long at, double work) {
    double t = at;
    double w = Math.max(1, work);
    long yellowFrom = timeline.yellowFrom();
    long yellowTo = timeline.yellowTo();
    if (t < yellowFrom) {
      if (t + w <= yellowFrom) {
        return Math.round(t + w);
      }
      w -= yellowFrom - t;
      t = yellowFrom;
    }
    if (t < yellowTo) {
      double yellowWork = (yellowTo - t) / YELLOW_FACTOR;
      if (w <= yellowWork) {
        return Math.round(t + w * YELLOW_FACTOR);
      }
      w -= yellowWork;
      t = yellowTo;
    }
    return Math.round(t + w);
  }
}
