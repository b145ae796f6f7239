package lts.core.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fit of {@link KartModel}: the laps indexed by team, stint and driver, then the rounds that
 * alternate the field's baseline, the warm-up offsets and each team's effects, then the result.
 */
final class AlternatingFit {

  private final KartModel.Settings s;
  private final List<KartModel.Lap> laps;
  private final int n;
  private final Map<Integer, TeamEffects> teams = new LinkedHashMap<>();
  private final List<Integer> teamIds = new ArrayList<>();
  private final List<TeamEffects> teamList;
  private final int[] teamOf;
  private final int[] stintOf;
  private final int[] driverOf;
  /** Team + driver + kart of each lap. */
  private final double[] fitted;
  private final double[] warm;
  private final double[] baseline;
  private final double[] residual;
  private double sigma = 250;

  /** Indexes the clean laps of the race so far (any order). */
  AlternatingFit(List<KartModel.Lap> input, KartModel.Settings s) {
    this.s = s;
    this.laps = new ArrayList<>(input);
    laps.sort(Comparator.comparingLong(KartModel.Lap::at).thenComparingInt(KartModel.Lap::rowId));
    n = laps.size();
    teamOf = new int[n];
    stintOf = new int[n];
    driverOf = new int[n];
    for (int i = 0; i < n; i++) {
      KartModel.Lap l = laps.get(i);
      TeamEffects t = teams.computeIfAbsent(l.rowId(), r -> {
        teamIds.add(r);
        return new TeamEffects(r);
      });
      teamOf[i] = teamIds.indexOf(l.rowId());
      stintOf[i] = t.stints.computeIfAbsent(l.stint(), k -> t.stints.size());
      driverOf[i] = t.drivers.computeIfAbsent(l.driver(), k -> t.drivers.size());
    }
    teamList = new ArrayList<>(teams.values());
    fitted = new double[n];
    warm = new double[s.warmupLaps()];
    baseline = new double[n];
    residual = new double[n];
  }

  /** Runs the rounds of the settings and returns the result. */
  KartModel.Fit run() {
    for (int round = 0; round < s.iterations(); round++) {
      round();
    }
    return result();
  }

  private void round() {
    double[] adj = new double[n];
    for (int i = 0; i < n; i++) {
      adj[i] = laps.get(i).timeMs() - warmOf(laps.get(i), warm) - fitted[i];
    }
    FieldBaseline.rollingMedian(laps, adj, s.windowMs(), baseline);
    for (int w = 0; w < warm.length; w++) {
      List<Double> values = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (laps.get(i).sincePit() == w + 2) {
          values.add(laps.get(i).timeMs() - baseline[i] - fitted[i]);
        }
      }
      warm[w] = values.size() < 5 ? 0 : Medians.median(values);
    }
    for (TeamEffects t : teamList) {
      t.clear();
    }
    for (int i = 0; i < n; i++) {
      residual[i] = laps.get(i).timeMs() - baseline[i] - warmOf(laps.get(i), warm);
      teamList.get(teamOf[i]).add(stintOf[i], driverOf[i], residual[i]);
    }
    for (TeamEffects t : teamList) {
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
      sigma = Math.max(50, 1.4826 * Medians.mad(dev));
    }
  }

  private KartModel.Fit result() {
    List<KartModel.StintKart> stints = new ArrayList<>();
    List<KartModel.DriverEffect> drivers = new ArrayList<>();
    Map<Long, List<Double>> stintResiduals = new HashMap<>();
    for (int i = 0; i < n; i++) {
      long key = ((long) teamOf[i] << 32) | stintOf[i];
      stintResiduals.computeIfAbsent(key, k -> new ArrayList<>())
          .add(residual[i] - fitted[i]);
    }
    List<Integer> sortedTeams = new ArrayList<>(teams.keySet());
    sortedTeams.sort(null);
    for (int rowId : sortedTeams) {
      TeamEffects t = teams.get(rowId);
      int ti = teamIds.indexOf(rowId);
      List<Integer> numbers = new ArrayList<>(t.stints.keySet());
      numbers.sort(null);
      for (int number : numbers) {
        int k = t.stints.get(number);
        List<Double> res = stintResiduals.get(((long) ti << 32) | k);
        int count = res == null ? 0 : res.size();
        long spread = count < 2 ? 0 : Math.round(1.4826 * Medians.mad(Medians.toArray(res)));
        double effect = t.x == null ? 0 : t.x[t.kartParam(k)];
        double sd = t.x == null ? s.kartSdMs() : t.sd[t.kartParam(k)];
        stints.add(new KartModel.StintKart(rowId, number, Math.round(effect), Math.round(sd), count,
            spread, KartBand.label(s, count, effect, sd)));
      }
      List<String> names = new ArrayList<>(t.drivers.keySet());
      names.sort(null);
      for (String name : names) {
        double effect = t.x == null ? 0 : t.x[0] + t.x[1 + t.drivers.get(name)];
        drivers.add(new KartModel.DriverEffect(rowId, name, Math.round(effect)));
      }
    }
    List<Long> warmups = new ArrayList<>();
    for (double w : warm) {
      warmups.add(Math.round(w));
    }
    return new KartModel.Fit(List.copyOf(stints), List.copyOf(drivers), Math.round(sigma),
        List.copyOf(warmups));
  }

  private static double warmOf(KartModel.Lap l, double[] warm) {
    int w = l.sincePit() - 2;
    return w >= 0 && w < warm.length ? warm[w] : 0;
  }
}
