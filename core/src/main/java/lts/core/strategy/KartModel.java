package lts.core.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * Separates the kart from the driver (../shared/docs/strategy.md, "Better: separate the driver
 * from the kart"). Every clean lap is modelled as
 *
 * <pre>
 * lap = baseline(t) + warm-up(laps since the pit-out) + team + driver + kart(stint) + noise
 * </pre>
 *
 * where the stint is the kart (one kart per stint), the driver is linked across the stints of his
 * team, and the team level is shared by its drivers. The fit alternates: the baseline is a
 * rolling median (centred window, 10 minutes) of the laps minus their current effects; the
 * warm-up offsets are medians of what is left per lap index; then, per team, the effects are the
 * ridge-regularised least-squares solution (the posterior mean under Gaussian priors
 * N(0, teamSd²), N(0, driverSd²), N(0, kartSd²)) over robust cell means (one cell per stint and
 * driver). The noise level is re-estimated (1.4826·MAD of the residuals) each round.
 *
 * <p>Pure and deterministic: a function of the laps given and of the settings.
 */
public final class KartModel {

  /**
   * Tuning of the model.
   *
   * @param windowMs width of the centred window of the baseline median
   * @param teamSdMs prior sd of a team's level
   * @param driverSdMs prior sd of a driver around his team's level
   * @param kartSdMs prior sd of a kart effect
   * @param warmupLaps laps after the out-lap that get their own offset (tyres, driver)
   * @param iterations rounds of the alternating fit
   * @param bandMs a kart effect at or below {@code -bandMs} is GOOD, at or above BAD
   * @param minCleanLaps fewer clean laps in the stint: UNKNOWN
   * @param maxSdMs a posterior sd above this: UNKNOWN (not identifiable)
   */
  public record Settings(long windowMs, double teamSdMs, double driverSdMs, double kartSdMs,
      int warmupLaps, int iterations, long bandMs, int minCleanLaps, double maxSdMs) {

    /**
     * 10 min; priors 450 / 150 / 300 ms; 3 warm-up laps; 8 rounds; band ±50 ms, at least 3 clean
     * laps, posterior sd at most 200 ms (tuned on simulator seeds 101–120, docs/MODEL.md).
     */
    public static final Settings DEFAULT =
        new Settings(600_000, 450, 150, 300, 3, 8, 50, 3, 200);

    public Settings {
      if (windowMs <= 0 || teamSdMs <= 0 || driverSdMs <= 0 || kartSdMs <= 0 || warmupLaps < 0
          || iterations < 1 || bandMs < 0 || minCleanLaps < 1 || maxSdMs <= 0) {
        throw new IllegalArgumentException("invalid kart model settings");
      }
    }

    /** A copy with another band. */
    public Settings withBandMs(long value) {
      return new Settings(windowMs, teamSdMs, driverSdMs, kartSdMs, warmupLaps, iterations, value,
          minCleanLaps, maxSdMs);
    }

    /** A copy with another minimum of clean laps. */
    public Settings withMinCleanLaps(int value) {
      return new Settings(windowMs, teamSdMs, driverSdMs, kartSdMs, warmupLaps, iterations,
          bandMs, value, maxSdMs);
    }

    /** A copy with another largest posterior sd. */
    public Settings withMaxSdMs(double value) {
      return new Settings(windowMs, teamSdMs, driverSdMs, kartSdMs, warmupLaps, iterations,
          bandMs, minCleanLaps, value);
    }
  }

  /**
   * A clean lap (per {@link OutlierRule} / {@link StintLaps}).
   *
   * @param rowId the team
   * @param stint the team's stint number (the kart)
   * @param driver driver on track
   * @param timeMs lap time
   * @param at when it ended, epoch ms
   * @param sincePit its index in a stint that began at a pit-out (1 = the out-lap, 2 = the first
   *     full lap…), 0 when the stint did not begin in the pit lane (the start)
   */
  public record Lap(int rowId, int stint, String driver, long timeMs, long at, int sincePit) {
  }

  /**
   * The kart of one stint.
   *
   * @param effectMs estimated kart effect, ms per lap (negative = faster), shrunk towards 0
   * @param sdMs its posterior standard deviation, ms
   * @param laps clean laps of the stint in the fit
   * @param spreadMs 1.4826·MAD of the stint's residuals, ms (0 with fewer than 2 laps)
   * @param label GOOD / BAD from the band, UNKNOWN when too few laps, too uncertain or in the band
   */
  public record StintKart(int rowId, int stint, long effectMs, long sdMs, int laps, long spreadMs,
      KartLabel label) {

    /**
     * Probability that this kart is good: that its true effect is at most
     * {@code -}{@link #GOOD_KART_MS}, under the posterior N(effect, sd²).
     */
    public double goodProbability() {
      return normalCdf((-GOOD_KART_MS - effectMs) / (double) Math.max(1, sdMs));
    }
  }

  /**
   * A good kart is at least this much faster per lap than an average kart (0.15 s): what
   * P(good kart) is about. The labels use the narrower {@link Settings#bandMs()}: a label says on
   * which side of average the kart most likely is, P(good) how likely it is to be clearly fast.
   */
  public static final long GOOD_KART_MS = 150;

  /** Probability that a kart nothing is known about is good, from the prior of kart effects. */
  public static double priorGoodProbability(Settings s) {
    return normalCdf(-GOOD_KART_MS / s.kartSdMs());
  }

  /** Standard normal distribution function (Abramowitz and Stegun 7.1.26, error under 1.5e-7). */
  static double normalCdf(double z) {
    double x = Math.abs(z) / Math.sqrt(2);
    double t = 1 / (1 + 0.3275911 * x);
    double erf = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t
        + 0.254829592) * t * Math.exp(-x * x);
    return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
  }

  /** A driver's estimated effect (team level included), ms per lap. */
  public record DriverEffect(int rowId, String driver, long effectMs) {
  }

  /**
   * The fit.
   *
   * @param stints one per stint with at least one lap, by team then stint
   * @param drivers by team then name
   * @param noiseMs lap noise, 1.4826·MAD of the residuals
   * @param warmupMs offsets of the laps 2, 3, … after a pit-out
   */
  public record Fit(List<StintKart> stints, List<DriverEffect> drivers, long noiseMs,
      List<Long> warmupMs) {

    /** The kart of a stint, or null. */
    public StintKart stint(int rowId, int stint) {
      for (StintKart s : stints) {
        if (s.rowId() == rowId && s.stint() == stint) {
          return s;
        }
      }
      return null;
    }
  }

  private KartModel() {
  }

  /**
   * The clean laps of a stint, as the model takes them.
   *
   * @param stint its verdicts, from {@link StintLaps}
   * @param laps its laps, in the order the verdicts were computed
   * @param afterPit the stint began at a pit-out
   */
  public static List<Lap> cleanLaps(Stint stint, List<StintLaps.Lap> laps, boolean afterPit) {
    List<Lap> clean = new ArrayList<>();
    for (int i = 0; i < laps.size() && i < stint.verdicts().size(); i++) {
      StintLaps.Lap l = laps.get(i);
      if (stint.verdicts().get(i).clean()) {
        clean.add(new Lap(stint.rowId(), stint.number(), l.driver() == null ? "" : l.driver(),
            l.timeMs(), l.at(), afterPit ? i + 1 : 0));
      }
    }
    return clean;
  }

  /** Fits the model with {@link Settings#DEFAULT}. */
  public static Fit fit(List<Lap> laps) {
    return fit(laps, Settings.DEFAULT);
  }

  /** Fits the model to the clean laps of the race so far (any order). */
  public static Fit fit(List<Lap> input, Settings s) {
    return new AlternatingFit(input, s).run();
  }
}
