package lts.core.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    List<Lap> laps = new ArrayList<>(input);
    laps.sort(Comparator.comparingLong(Lap::at).thenComparingInt(Lap::rowId));
    int n = laps.size();
    // indexes
    Map<Integer, TeamIndex> teams = new LinkedHashMap<>();
    int[] teamOf = new int[n];
    int[] stintOf = new int[n];
    int[] driverOf = new int[n];
    List<Integer> teamIds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Lap l = laps.get(i);
      TeamIndex t = teams.computeIfAbsent(l.rowId(), r -> {
        teamIds.add(r);
        return new TeamIndex(r);
      });
      teamOf[i] = teamIds.indexOf(l.rowId());
      stintOf[i] = t.stints.computeIfAbsent(l.stint(), k -> t.stints.size());
      driverOf[i] = t.drivers.computeIfAbsent(l.driver(), k -> t.drivers.size());
    }
    List<TeamIndex> teamList = new ArrayList<>(teams.values());
    double[] fitted = new double[n]; // team + driver + kart of each lap
    double[] warm = new double[s.warmupLaps()];
    double[] baseline = new double[n];
    double sigma = 250;
    double[] residual = new double[n];
    for (int round = 0; round < s.iterations(); round++) {
      // baseline: centred rolling median of laps minus their effects
      double[] adj = new double[n];
      for (int i = 0; i < n; i++) {
        adj[i] = laps.get(i).timeMs() - warmOf(laps.get(i), warm) - fitted[i];
      }
      rollingMedian(laps, adj, s.windowMs(), baseline);
      // warm-up offsets
      for (int w = 0; w < warm.length; w++) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          if (laps.get(i).sincePit() == w + 2) {
            values.add(laps.get(i).timeMs() - baseline[i] - fitted[i]);
          }
        }
        warm[w] = values.size() < 5 ? 0 : median(values);
      }
      // per team ridge over robust cell means
      for (TeamIndex t : teamList) {
        t.clear();
      }
      for (int i = 0; i < n; i++) {
        residual[i] = laps.get(i).timeMs() - baseline[i] - warmOf(laps.get(i), warm);
        teamList.get(teamOf[i]).add(stintOf[i], driverOf[i], residual[i]);
      }
      for (TeamIndex t : teamList) {
        t.solve(s, sigma);
      }
      for (int i = 0; i < n; i++) {
        fitted[i] = teamList.get(teamOf[i]).effect(stintOf[i], driverOf[i]);
      }
      double[] dev = new double[n];
      for (int i = 0; i < n; i++) {
        dev[i] = residual[i] - fitted[i];
      }
      if (n >= 10) {
        sigma = Math.max(50, 1.4826 * mad(dev));
      }
    }
    // output
    List<StintKart> stints = new ArrayList<>();
    List<DriverEffect> drivers = new ArrayList<>();
    Map<Long, List<Double>> stintResiduals = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long key = ((long) teamOf[i] << 32) | stintOf[i];
      stintResiduals.computeIfAbsent(key, k -> new ArrayList<>())
          .add(residual[i] - fitted[i]);
    }
    List<Integer> sortedTeams = new ArrayList<>(teams.keySet());
    sortedTeams.sort(null);
    for (int rowId : sortedTeams) {
      TeamIndex t = teams.get(rowId);
      int ti = teamIds.indexOf(rowId);
      List<Integer> numbers = new ArrayList<>(t.stints.keySet());
      numbers.sort(null);
      for (int number : numbers) {
        int k = t.stints.get(number);
        List<Double> res = stintResiduals.get(((long) ti << 32) | k);
        int count = res == null ? 0 : res.size();
        long spread = count < 2 ? 0 : Math.round(1.4826 * mad(toArray(res)));
        double effect = t.x == null ? 0 : t.x[t.kartParam(k)];
        double sd = t.x == null ? s.kartSdMs() : t.sd[t.kartParam(k)];
        KartLabel label;
        if (count < s.minCleanLaps() || sd > s.maxSdMs()) {
          label = KartLabel.UNKNOWN;
        } else if (effect <= -s.bandMs()) {
          label = KartLabel.GOOD;
        } else if (effect >= s.bandMs()) {
          label = KartLabel.BAD;
        } else {
          label = KartLabel.UNKNOWN;
        }
        stints.add(new StintKart(rowId, number, Math.round(effect), Math.round(sd), count, spread,
            label));
      }
      List<String> names = new ArrayList<>(t.drivers.keySet());
      names.sort(null);
      for (String name : names) {
        double effect = t.x == null ? 0 : t.x[0] + t.x[1 + t.drivers.get(name)];
        drivers.add(new DriverEffect(rowId, name, Math.round(effect)));
      }
    }
    List<Long> warmups = new ArrayList<>();
    for (double w : warm) {
      warmups.add(Math.round(w));
    }
    return new Fit(List.copyOf(stints), List.copyOf(drivers), Math.round(sigma),
        List.copyOf(warmups));
  }

  private static double warmOf(Lap l, double[] warm) {
    int w = l.sincePit() - 2;
    return w >= 0 && w < warm.length ? warm[w] : 0;
  }

  /** Centred rolling median, evaluated on a 30 s grid and interpolated. */
  private static void rollingMedian(List<Lap> laps, double[] values, long windowMs,
      double[] out) {
    int n = laps.size();
    if (n == 0) {
      return;
    }
    long first = laps.get(0).at();
    long last = laps.get(n - 1).at();
    long step = 30_000;
    int points = (int) ((last - first) / step) + 2;
    double[] grid = new double[points];
    int lo = 0;
    int hi = 0;
    double previous = median(values);
    for (int p = 0; p < points; p++) {
      long t = first + p * step;
      while (lo < n && laps.get(lo).at() < t - windowMs / 2) {
        lo++;
      }
      while (hi < n && laps.get(hi).at() <= t + windowMs / 2) {
        hi++;
      }
      if (hi - lo >= 3) {
        previous = median(Arrays.copyOfRange(values, lo, hi));
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

  private static double median(List<Double> values) {
    return median(toArray(values));
  }

  private static double[] toArray(List<Double> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = values.get(i);
    }
    return a;
  }

  private static double median(double[] values) {
    if (values.length == 0) {
      return 0;
    }
    double[] a = values.clone();
    Arrays.sort(a);
    int m = a.length;
    return m % 2 == 1 ? a[m / 2] : (a[m / 2 - 1] + a[m / 2]) / 2;
  }

  private static double mad(double[] values) {
    double med = median(values);
    double[] dev = new double[values.length];
    for (int i = 0; i < dev.length; i++) {
      dev[i] = Math.abs(values[i] - med);
    }
    return median(dev);
  }

  /** One team's parameters: [team, drivers…, karts…]. */
  private static final class TeamIndex {
    final int rowId;
    final Map<Integer, Integer> stints = new LinkedHashMap<>();
    final Map<String, Integer> drivers = new LinkedHashMap<>();
    final Map<Long, List<Double>> cells = new LinkedHashMap<>();
    double[] x;
    double[] sd;

    TeamIndex(int rowId) {
      this.rowId = rowId;
    }

    void clear() {
      cells.clear();
    }

    void add(int stint, int driver, double value) {
      cells.computeIfAbsent(((long) stint << 32) | driver, k -> new ArrayList<>()).add(value);
    }

    int kartParam(int stint) {
      return 1 + drivers.size() + stint;
    }

    double effect(int stint, int driver) {
      return x == null ? 0 : x[0] + x[1 + driver] + x[kartParam(stint)];
    }

    void solve(Settings s, double sigma) {
      int p = 1 + drivers.size() + stints.size();
      double[][] a = new double[p][p];
      double[] b = new double[p];
      double var = sigma * sigma;
      a[0][0] += var / (s.teamSdMs() * s.teamSdMs());
      for (int d = 0; d < drivers.size(); d++) {
        a[1 + d][1 + d] += var / (s.driverSdMs() * s.driverSdMs());
      }
      for (int k = 0; k < stints.size(); k++) {
        a[kartParam(k)][kartParam(k)] += var / (s.kartSdMs() * s.kartSdMs());
      }
      for (Map.Entry<Long, List<Double>> cell : cells.entrySet()) {
        int stint = (int) (cell.getKey() >>> 32);
        int driver = (int) (cell.getKey() & 0xffffffffL);
        double[] values = toArray(cell.getValue());
        double mean = robustMean(values, sigma);
        int w = values.length;
        int[] idx = {0, 1 + driver, kartParam(stint)};
        for (int i : idx) {
          for (int j : idx) {
            a[i][j] += w;
          }
          b[i] += w * mean;
        }
      }
      double[][] inv = invert(a);
      x = new double[p];
      sd = new double[p];
      for (int i = 0; i < p; i++) {
        for (int j = 0; j < p; j++) {
          x[i] += inv[i][j] * b[j];
        }
        sd[i] = Math.sqrt(Math.max(0, inv[i][i]) * var);
      }
    }

    /** Mean of the values clipped to median ± 2.5σ. */
    private static double robustMean(double[] values, double sigma) {
      double med = median(values);
      double sum = 0;
      for (double v : values) {
        sum += Math.max(med - 2.5 * sigma, Math.min(med + 2.5 * sigma, v));
      }
      return sum / values.length;
    }

    /** Gauss-Jordan inverse of a symmetric positive definite matrix. */
    private static double[][] invert(double[][] m) {
      int p = m.length;
      double[][] a = new double[p][2 * p];
      for (int i = 0; i < p; i++) {
        System.arraycopy(m[i], 0, a[i], 0, p);
        a[i][p + i] = 1;
      }
      for (int c = 0; c < p; c++) {
        int pivot = c;
        for (int r = c + 1; r < p; r++) {
          if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) {
            pivot = r;
          }
        }
        double[] tmp = a[c];
        a[c] = a[pivot];
        a[pivot] = tmp;
        double d = a[c][c];
        for (int j = 0; j < 2 * p; j++) {
          a[c][j] /= d;
        }
        for (int r = 0; r < p; r++) {
          if (r != c && a[r][c] != 0) {
            double f = a[r][c];
            for (int j = 0; j < 2 * p; j++) {
              a[r][j] -= f * a[c][j];
            }
          }
        }
      }
      double[][] inv = new double[p][p];
      for (int i = 0; i < p; i++) {
        System.arraycopy(a[i], p, inv[i], 0, p);
      }
      return inv;
    }
  }
}
