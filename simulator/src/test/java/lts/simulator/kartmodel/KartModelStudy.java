package lts.simulator.kartmodel;

import lts.core.strategy.FieldReference;
import lts.core.strategy.GoodKartOdds;
import lts.core.strategy.KartLabel;
import lts.core.strategy.KartModel;
import lts.core.strategy.KartScore;
import lts.core.strategy.OutlierRule;
import lts.core.strategy.PitLaneQueue;
import lts.core.strategy.Stint;
import lts.core.strategy.StintLaps;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.SimFrame;
import lts.simulator.SimulatedRace;
import lts.simulator.Truth;

/**
 * The accuracy study of {@link KartModel} against the simulator's hidden truth: a simulated race
 * is read by the engine, its stints are rebuilt from the events as `lts metrics` does, the model
 * (and the simple {@link KartScore}) label every stint, and each label is compared with the truth
 * of the kart that stint used.
 */
public final class KartModelStudy {

  /** Stints whose true kart effect is at least this far from neutral are scored. */
  static final long CLEAR_MS = 300;

  /** Counts over the clearly good / bad karts. */
  public static final class Tally {
    int right;
    int wrong;
    int unknown;

    void add(KartLabel label, long trueEffectMs) {
      if (label == KartLabel.UNKNOWN) {
        unknown++;
      } else if ((label == KartLabel.GOOD) == (trueEffectMs < 0)) {
        right++;
      } else {
        wrong++;
      }
    }

    public void add(Tally t) {
      right += t.right;
      wrong += t.wrong;
      unknown += t.unknown;
    }

    int total() {
      return right + wrong + unknown;
    }

    double rightShare() {
      return right + wrong == 0 ? 1 : right / (double) (right + wrong);
    }

    double unknownShare() {
      return total() == 0 ? 0 : unknown / (double) total();
    }

    @Override
    public String toString() {
      return String.format("right %5.1f %% (%d/%d), unknown %5.1f %% (%d/%d)",
          100 * rightShare(), right, right + wrong, 100 * unknownShare(), unknown, total());
    }
  }

  /** Result of one race. */
  public static final class Result {
    final long seed;
    public final Tally model = new Tally();
    final Tally modelLive = new Tally();
    public final Tally simple = new Tally();
    /** Labelled stints (any true effect) whose true label is the opposite one. */
    int modelOpposite;
    int modelLabelled;
    int simpleOpposite;
    int simpleLabelled;
    int stints;
    int unmatched;
    /** Per pit stop: predicted P(good) now, truly good (1) or not (0). */
    final List<double[]> odds = new ArrayList<>();

    Result(long seed) {
      this.seed = seed;
    }
  }

  /** One team as rebuilt from the events. */
  static final class TeamLaps {
    final TreeMap<Integer, StintLaps.Lap> laps = new TreeMap<>();
    final List<Integer> pitInLaps = new ArrayList<>();
    final List<Long> pitInAt = new ArrayList<>();
    boolean inPit;
  }

  private KartModelStudy() {
  }

  static RaceSettings settings(long seed) {
    // -Dkartmodel.pitRows=1: an experiment with one pit lane row (the queue replay is then exact)
    return RaceSettings.defaults().withSeed(seed)
        .withPitRows(Integer.getInteger("kartmodel.pitRows", RaceSettings.DEFAULT.pitRows()));
  }

  public static Result run(long seed, KartModel.Settings modelSettings, boolean live) {
    return run(seed, modelSettings, live, false);
  }

  static Result run(long seed, KartModel.Settings modelSettings, boolean live,
      boolean calibrate) {
    SimulatedRace race = RaceSimulator.simulate(settings(seed));
    Truth truth = race.truth();
    ApexEngine engine = new ApexEngine(truth.eventCode());
    List<RaceEvent> events = new ArrayList<>();
    for (SimFrame f : race.frames()) {
      engine.accept(f.atEpochMs(), f.text(), events::add);
    }
    engine.finish(events::add);

    Map<Integer, TeamLaps> teams = new TreeMap<>();
    List<long[]> pitEvents = new ArrayList<>(); // {at, row, 1 = in / 0 = out, stint closed}
    Light light = Light.RED;
    for (RaceEvent e : events) {
      if (e instanceof LightChanged lc) {
        light = lc.light();
      } else if (e instanceof LapCompleted l) {
        boolean yellow = light == Light.YELLOW || light == Light.SAFETY_CAR;
        teams.computeIfAbsent(l.rowId(), r -> new TeamLaps()).laps.put(l.lap(),
            new StintLaps.Lap(l.lap(), l.lapTimeMs(), l.at(), l.driver(), yellow));
      } else if (e instanceof LapCountCorrected c && c.to() != null) {
        TeamLaps t = teams.computeIfAbsent(c.rowId(), r -> new TeamLaps());
        t.laps.tailMap(c.to(), false).clear();
        t.pitInLaps.replaceAll(lap -> Math.min(lap, c.to()));
      } else if (e instanceof PitIn p) {
        TeamLaps t = teams.computeIfAbsent(p.rowId(), r -> new TeamLaps());
        if (!t.inPit) {
          t.inPit = true;
          t.pitInLaps.add(t.laps.isEmpty() ? 0 : t.laps.lastKey());
          t.pitInAt.add(p.at());
          pitEvents.add(new long[] {p.at(), p.rowId(), 1, t.pitInLaps.size()});
        }
      } else if (e instanceof PitOut p) {
        TeamLaps t = teams.computeIfAbsent(p.rowId(), r -> new TeamLaps());
        if (t.inPit) {
          pitEvents.add(new long[] {p.at(), p.rowId(), 0, t.pitInLaps.size()});
        }
        t.inPit = false;
      }
    }

    Map<String, Truth.Stint> truthStints = new HashMap<>();
    truth.stints().forEach(s -> truthStints.put(s.rowId() + "/" + s.stint(), s));
    Map<Integer, Long> kartEffect = new HashMap<>();
    Map<Integer, Truth.Label> kartLabel = new HashMap<>();
    truth.karts().forEach(k -> kartEffect.put(k.kart(), k.effectMs()));
    truth.karts().forEach(k -> kartLabel.put(k.kart(), k.label()));

    StintLaps stintLaps = new StintLaps(OutlierRule.DEFAULT, 5);
    Result result = new Result(seed);
    List<KartModel.Lap> modelLaps = new ArrayList<>();
    Map<String, Stint> stints = new HashMap<>();
    Map<String, List<StintLaps.Lap>> lapsOfStint = new HashMap<>();
    for (Map.Entry<Integer, TeamLaps> te : teams.entrySet()) {
      int row = te.getKey();
      TeamLaps t = te.getValue();
      List<StintLaps.Lap> all = new ArrayList<>(t.laps.values());
      for (Stint s : stintLaps.stints(row, all, t.pitInLaps, false)) {
        int end = s.endLap() == null ? Integer.MAX_VALUE : s.endLap();
        List<StintLaps.Lap> ls = new ArrayList<>(t.laps.subMap(s.startLap(), true, end, true)
            .values());
        stints.put(row + "/" + s.number(), s);
        lapsOfStint.put(row + "/" + s.number(), ls);
        modelLaps.addAll(KartModel.cleanLaps(s, ls, s.number() > 1));
      }
    }

    // simple score: field reference over timed, non-yellow, non-out laps, in time order
    List<Object[]> timeline = new ArrayList<>();
    for (Map.Entry<String, Stint> se : stints.entrySet()) {
      List<StintLaps.Lap> ls = lapsOfStint.get(se.getKey());
      for (int i = 0; i < ls.size(); i++) {
        timeline.add(new Object[] {se.getKey(), i, ls.get(i), se.getValue().number() > 1 && i == 0});
      }
    }
    timeline.sort((a, b) -> Long.compare(((StintLaps.Lap) a[2]).at(), ((StintLaps.Lap) b[2]).at()));
    FieldReference field = new FieldReference(600_000);
    Map<String, List<Long>> deltas = new HashMap<>();
    for (Object[] o : timeline) {
      StintLaps.Lap l = (StintLaps.Lap) o[2];
      boolean out = (Boolean) o[3];
      if (l.timeMs() != null && !l.yellow() && !out) {
        field.add(l.at(), l.timeMs());
      }
      Stint s = stints.get((String) o[0]);
      if (s.verdicts().get((Integer) o[1]).clean() && field.median() != null) {
        deltas.computeIfAbsent((String) o[0], k -> new ArrayList<>())
            .add(l.timeMs() - field.median());
      }
    }

    KartModel.Fit fit = KartModel.fit(modelLaps, modelSettings);
    Map<String, KartLabel> simpleLabels = new HashMap<>();
    for (Map.Entry<String, Stint> se : stints.entrySet()) {
      String key = se.getKey();
      Stint s = se.getValue();
      Truth.Stint ts = truthStints.get(key);
      result.stints++;
      if (ts == null || (s.endLap() != null && ts.toLap() != s.endLap())) {
        result.unmatched++;
        continue;
      }
      long effect = kartEffect.get(ts.kart());
      Truth.Label trueLabel = kartLabel.get(ts.kart());
      KartModel.StintKart k = fit.stint(s.rowId(), s.number());
      KartLabel modelLabel = k == null ? KartLabel.UNKNOWN : k.label();
      KartLabel simpleLabel = KartScore.of(deltas.getOrDefault(key, List.of()),
          KartScore.DEFAULT_BAND_MS, KartScore.DEFAULT_MIN_CLEAN_LAPS).label();
      simpleLabels.put(key, simpleLabel);
      if (Math.abs(effect) >= CLEAR_MS) {
        result.model.add(modelLabel, effect);
        result.simple.add(simpleLabel, effect);
      }
      if (modelLabel != KartLabel.UNKNOWN) {
        result.modelLabelled++;
        if (opposite(modelLabel, trueLabel)) {
          result.modelOpposite++;
        }
      }
      if (simpleLabel != KartLabel.UNKNOWN) {
        result.simpleLabelled++;
        if (opposite(simpleLabel, trueLabel)) {
          result.simpleOpposite++;
        }
      }
    }

    if (live) {
      // at each pit-in, fit on the laps so far and label the stint that just ended
      for (Map.Entry<Integer, TeamLaps> te : teams.entrySet()) {
        int row = te.getKey();
        List<Long> ats = te.getValue().pitInAt;
        for (int k = 0; k < ats.size(); k++) {
          long at = ats.get(k);
          String key = row + "/" + (k + 1);
          Truth.Stint ts = truthStints.get(key);
          Stint s = stints.get(key);
          if (ts == null || s == null || s.endLap() == null || ts.toLap() != s.endLap()) {
            continue;
          }
          long effect = kartEffect.get(ts.kart());
          if (Math.abs(effect) < CLEAR_MS) {
            continue;
          }
          List<KartModel.Lap> sofar = new ArrayList<>();
          for (KartModel.Lap l : modelLaps) {
            if (l.at() <= at) {
              sofar.add(l);
            }
          }
          KartModel.StintKart sk = KartModel.fit(sofar, modelSettings).stint(row, k + 1);
          result.modelLive.add(sk == null ? KartLabel.UNKNOWN : sk.label(), effect);
        }
      }
    }
    if (calibrate) {
      calibrate(truth, pitEvents, modelLaps, modelSettings, result);
    }
    return result;
  }

  /**
   * Replays the pit lane as `lts metrics` does (every row equally likely, spares unknown). At each
   * pit-in, before the team's kart joins the lane, fits the model on the laps so far and records
   * P(good kart if we stop now) from {@link GoodKartOdds} (each waiting kart good with its
   * posterior probability, unknown karts with the base rate); at the team's pit-out, whether the
   * kart it took was truly GOOD.
   */
  private static void calibrate(Truth truth, List<long[]> pitEvents, List<KartModel.Lap> laps,
      KartModel.Settings settings, Result result) {
    RaceSettings rs = truth.settings();
    PitLaneQueue queue = new PitLaneQueue(rs.pitRows(), rs.karts() - rs.teams(),
        truth.greenAtMs());
    Map<String, Truth.PitStop> stops = new HashMap<>();
    truth.pitStops().forEach(p -> stops.put(p.rowId() + "/" + p.stop(), p));
    Map<Integer, Truth.Label> kartLabel = new HashMap<>();
    truth.karts().forEach(k -> kartLabel.put(k.kart(), k.label()));
    Map<Integer, Double> predicted = new HashMap<>();
    for (long[] pe : pitEvents) {
      long at = pe[0];
      int row = (int) pe[1];
      int stint = (int) pe[3];
      if (pe[2] == 0) {
        queue.pop(row);
        Double now = predicted.remove(row);
        Truth.PitStop stop = stops.get(row + "/" + stint);
        if (now != null && stop != null) {
          result.odds.add(new double[] {now,
              kartLabel.get(stop.kartTaken()) == Truth.Label.GOOD ? 1 : 0});
        }
        continue;
      }
      List<KartModel.Lap> sofar = new ArrayList<>();
      for (KartModel.Lap l : laps) {
        if (l.at() <= at) {
          sofar.add(l);
        }
      }
      KartModel.Fit fit = KartModel.fit(sofar, settings);
      double sum = 0;
      int known = 0;
      for (KartModel.StintKart sk : fit.stints()) {
        if (sk.laps() >= settings.minCleanLaps()) {
          known++;
          sum += sk.goodProbability();
        }
      }
      double base = known == 0 ? KartModel.priorGoodProbability(settings) : sum / known;
      Double now = GoodKartOdds.odds(queue, k -> {
        KartModel.StintKart sk = k.fromRowId() == null ? null
            : fit.stint(k.fromRowId(), k.fromStint());
        return sk == null ? base : sk.goodProbability();
      }, base, List.of()).now();
      if (now != null) {
        predicted.put(row, now);
      }
      queue.push(row, new PitLaneQueue.Kart(row, stint, KartLabel.UNKNOWN, null, at));
    }
  }

  private static boolean opposite(KartLabel label, Truth.Label truth) {
    return (label == KartLabel.GOOD && truth == Truth.Label.BAD)
        || (label == KartLabel.BAD && truth == Truth.Label.GOOD);
  }
}
