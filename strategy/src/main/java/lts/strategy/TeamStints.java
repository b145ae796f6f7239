package lts.strategy;

import java.util.ArrayList;
import java.util.List;
import lts.contracts.RaceRules;
import lts.core.strategy.KartModel;
import lts.core.strategy.KartScore;
import lts.core.strategy.Stint;
import lts.core.strategy.StintLaps;
import lts.strategy.TeamState.Lap;
import lts.strategy.TeamState.Stop;

/**
 * A team's stints cut from its laps at its stops (stint k ends at the k-th stop, the last one is
 * open unless the team is in the pit lane now), each lap's stint and verdict, each stop's pit
 * loss, and the kart model's score of each stint.
 */
final class TeamStints {

  private final StintLaps maths;
  private final RaceRules rules;
  private final KartModel.Fit fit;

  /**
   * @param maths the clean-lap rule and average of the race
   * @param rules the race's rules (N of the average)
   * @param fit the kart model's last fit, null before the first
   */
  TeamStints(StintLaps maths, RaceRules rules, KartModel.Fit fit) {
    this.maths = maths;
    this.rules = rules;
    this.fit = fit;
  }

  /** Computes the stints, verdicts and pit losses of {@code t} (its state is updated). */
  void compute(TeamState t) {
    t.computedWith = rules;
    List<Lap> all = new ArrayList<>(t.laps.values());
    List<StintFigures> out = new ArrayList<>();
    int i = 0;
    int previousEnd = Math.min(t.first(), all.isEmpty() ? t.first() : all.get(0).lap - 1);
    int currentCount = t.count != null ? t.count : (all.isEmpty() ? previousEnd
        : Math.max(previousEnd, all.get(all.size() - 1).lap));
    for (int s = 0; s < t.stops.size(); s++) {
      Stop stop = t.stops.get(s);
      int end = Math.max(stop.lapIn == null ? previousEnd : stop.lapIn, previousEnd);
      int from = i;
      while (i < all.size() && all.get(i).lap <= end) {
        i++;
      }
      Long startAt = s == 0 ? raceStart(t, all.subList(from, i)) : t.stops.get(s - 1).outAt;
      out.add(stint(t.rowId, t.stopBase + s + 1, previousEnd + 1, end, all.subList(from, i),
          s > 0 || t.stopBase > 0, true, startAt, stop.inAt));
      previousEnd = end;
    }
    Stop last = t.lastStop();
    // in the lane now, or the race ended there: no stint after the last stop
    boolean inPitNow = last != null && i == all.size()
        && (last.endedByFlag || (t.inPit && last.outAt == null));
    if (!inPitNow) {
      List<Lap> rest = all.subList(i, all.size());
      Long startAt = t.stops.isEmpty() ? raceStart(t, rest) : last.outAt;
      Long endAt = rest.isEmpty() ? null : rest.get(rest.size() - 1).at;
      StintFigures open = stint(t.rowId, t.stopBase + t.stops.size() + 1, previousEnd + 1, null,
          rest, !t.stops.isEmpty() || t.stopBase > 0, false, startAt, endAt);
      open.endAt = null;
      open.laps = Math.max(0, currentCount - previousEnd);
      if (open.driver == null) {
        open.driver = t.driver;
      }
      out.add(open);
    }
    t.stints = out;
    for (Stop s : t.stops) {
      s.lossMs = pitLoss(s.lapIn == null || s.outAt == null ? null : t.laps.get(s.lapIn),
          s.lapIn == null ? null : t.laps.get(s.lapIn + 1));
    }
  }

  /**
   * The time a stop cost: its in-lap and out-lap against two laps of the field's pace (the
   * reference of the out-lap); null when a lap or its time or the reference is unknown.
   */
  static Long pitLoss(Lap in, Lap out) {
    Long ref = out == null ? null : out.fieldMs;
    return in == null || out == null || ref == null || in.timeMs == null || out.timeMs == null
        ? null : in.timeMs + out.timeMs - 2 * ref;
  }

  /**
   * The start of the first stint, from its laps: the green light when the feed showed it change
   * before any lap; else, when the team's laps from lap 1 on all have their time, the last of them
   * less all their times (the lap times are the race's own to the millisecond, and a crossing read
   * before the race clock found the replay's pace, or the snapshot's lap, has a wrong instant);
   * else the first lap less its time.
   */
  private static Long raceStart(TeamState t, List<Lap> stintLaps) {
    if (t.greenAt != null && (stintLaps.isEmpty() || stintLaps.get(0).at >= t.greenAt)) {
      return t.greenAt;
    }
    if (stintLaps.isEmpty()) {
      return null;
    }
    Long start = null;
    long sum = 0;
    for (int k = 0; k < stintLaps.size(); k++) {
      Lap l = stintLaps.get(k);
      if (l.lap != k + 1 || l.timeMs == null) {
        break;
      }
      sum += l.timeMs;
      start = l.at - sum;
    }
    if (start != null) {
      return start;
    }
    Lap first = stintLaps.get(0);
    return first.timeMs == null ? null : first.at - first.timeMs;
  }

  private StintFigures stint(int rowId, int number, int startLap, Integer endLap,
      List<Lap> stintLaps, boolean afterPit, boolean closed, Long startAt, Long endAt) {
    List<StintLaps.Lap> input = new ArrayList<>(stintLaps.size());
    for (Lap l : stintLaps) {
      input.add(new StintLaps.Lap(l.lap, l.timeMs, l.at, l.driver, l.yellow));
    }
    Stint s = maths.stint(rowId, number, startLap, endLap, input, afterPit, closed);
    int timed = 0;
    for (int k = 0; k < stintLaps.size(); k++) {
      Lap l = stintLaps.get(k);
      l.stint = number;
      l.verdict = s.verdicts().get(k);
      if (l.timeMs != null) {
        timed++;
      }
    }
    StintFigures o = new StintFigures();
    o.number = number;
    o.startLap = startLap;
    o.endLap = endLap;
    o.laps = endLap == null ? stintLaps.size() : Math.max(0, endLap - startLap + 1);
    o.timedLaps = timed;
    o.cleanLaps = s.cleanLaps();
    o.driver = s.driver();
    o.startAt = startAt;
    o.endAt = endAt;
    o.drivingMs = startAt == null || endAt == null ? null : endAt - startAt;
    o.bestMs = s.bestMs();
    o.avgMs = s.averageMs();
    o.avgLaps = rules.avgLaps();
    o.modelLaps = KartModel.cleanLaps(s, input, afterPit);
    KartModel.StintKart kart = fit == null ? null : fit.stint(rowId, number);
    o.score = kart == null ? KartScore.NONE
        : new KartScore(kart.effectMs(), kart.label(), kart.laps());
    o.goodProbability = kart == null ? null : kart.goodProbability();
    return o;
  }
}
