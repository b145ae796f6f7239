package lts.strategy;

import lts.core.event.LapCompleted;
import lts.core.event.Light;
import lts.core.strategy.FieldReference;
import lts.strategy.TeamState.Lap;
import lts.strategy.TeamState.Stop;

/**
 * Each lap as it comes: refused when impossible, marked yellow under a yellow flag or the safety
 * car, an out-lap when the team is in the pit lane or just left it; the other timed laps make the
 * field's reference pace (the median of the last 10 minutes of such laps of every team), which
 * each lap keeps as it was when the lap came. A lap number at or below the team's count (the
 * counter went back without a correction) supersedes the laps above it, as a correction does.
 */
final class LapClassifier {

  /** Field reference: median of the clean laps of all teams in the last 10 minutes. */
  static final long FIELD_WINDOW_MS = 600_000;

  private final FieldReference field = new FieldReference(FIELD_WINDOW_MS);

  /** The field's reference pace now, null before any lap counts for it. */
  Long fieldMedian() {
    return field.median();
  }

  /** Why a lap cannot be applied, or null. */
  static String problem(LapCompleted e) {
    if (e.lap() < 1) {
      return "impossible lap: lap number " + e.lap();
    }
    if (e.lapTimeMs() != null && e.lapTimeMs() <= 0) {
      return "impossible lap: lap " + e.lap() + " took " + e.lapTimeMs() + " ms";
    }
    return null;
  }

  /** True under a yellow flag or the safety car: the laps are slow for everyone. */
  static boolean yellow(Light light) {
    return light == Light.YELLOW || light == Light.SAFETY_CAR;
  }

  /** True when lap {@code n} of the team is an out-lap: in the pit lane, or the lap after one. */
  static boolean outLap(TeamState t, int n) {
    Stop last = t.lastStop();
    return t.inPit || (last != null && n <= t.lapIn(last) + 1);
  }

  /** Records a possible lap ({@link #problem} null) of team {@code t} under {@code light}. */
  void record(TeamState t, LapCompleted e, Light light) {
    int n = e.lap();
    if (t.count != null && n <= t.count) {
      t.supersedeAbove(n); // the counter went back without a correction: the same rule
    }
    boolean yellow = yellow(light);
    Long time = e.lapTimeMs();
    if (time != null && !yellow && !outLap(t, n)) {
      // no cut relative to the field itself: after a change of pace (rain, a neutralisation)
      // a cut would keep the reference at the old pace for ever; the median shrugs off the
      // few in-laps and spins that come in
      field.add(e.at(), time);
    }
    Lap lap = new Lap(n, time, e.driver(), e.at(), yellow, e.derived(), field.median(), e.id());
    t.superseded.remove(n);
    t.laps.put(n, lap);
    if (t.count == null && t.laps.size() == 1) {
      t.startCount = Math.min(t.startCount, n - 1);
    }
    t.count = n;
    if (time != null) {
      t.lastLapMs = time;
    }
    if (e.driver() != null) {
      t.driverSeen(e.driver(), e.at());
    }
  }
}
