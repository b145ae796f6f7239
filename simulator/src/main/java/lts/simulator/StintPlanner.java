package lts.simulator;

import java.util.SplittableRandom;

/**
 * When teams stop: each team's plan (how many stops, after how long a stint each) and, at each
 * crossing, the decision to make the next lap the pit lap, the race rules (stint limit, stops
 * owed) first and the plan after.
 */
final class StintPlanner {

  static final int MIN_STINT_LAPS = 3;
  /** Room for an outlier lap, the warm-up and noise when a rule looks one lap ahead. */
  static final long SAFETY_MS = 25_000;
  /** The pit-in comes this share of a lap after the decision (the pit entry is before the line). */
  static final double IN_PORTION = 0.60;

  private final RaceSettings settings;
  private final LapTimeModel laps;
  private final RaceTimeline timeline;

  StintPlanner(RaceSettings settings, LapTimeModel laps, RaceTimeline timeline) {
    this.settings = settings;
    this.laps = laps;
    this.timeline = timeline;
  }

  /**
   * A team's plan. Two strategies: even stints, or (most teams, as at Santos) stints run close to
   * the limit with the surplus mandatory stops made as short stints of a few minutes. The plan is
   * only a wish: {@link #shouldPit} enforces the stint limit and the minimum number of stops
   * whatever it says.
   */
  StintPlan plan(SplittableRandom rng) {
    long durationMs = timeline.durationMs();
    long pitMs = settings.pitTimeS() * 1000L;
    double lap = planLap();
    long shortest = planShortest();
    long usable = planUsable();
    // stops the stint limit forces: (stops + 1) stints of at most 'usable' must cover the race,
    // stops >= (duration - usable) / (usable + pit), rounded up
    long forced = durationMs <= usable ? 0 : (durationMs + pitMs - 1) / (usable + pitMs);
    int stops = (int) Math.max(settings.minPits(), forced);
    long[] targets = new long[stops];
    StintPlan plan = new StintPlan(targets, rng.nextBoolean());
    if (stops == 0) {
      return plan;
    }
    double driving = durationMs - stops * planPitMs();
    double avg = driving / (stops + 1);
    double lastMax = planLastMax();
    if (rng.nextInt(3) == 0 || avg > usable * 0.8) {
      // even stints, +-15 %, sometimes a short first stint
      for (int i = 0; i < stops; i++) {
        double target = avg * (0.85 + 0.30 * rng.nextDouble());
        targets[i] = (long) Math.max(shortest, Math.min(usable, target));
      }
      if (rng.nextInt(5) == 0) {
        targets[0] = (long) Math.max(shortest, avg * (0.15 + 0.25 * rng.nextDouble()));
      }
      balance(targets, driving, lap, shortest, usable, lastMax);
      return plan;
    }
    // long stints near the limit, the surplus stops as short ones
    long shortLen = Math.max(shortest, Math.min(12 * 60_000L, (long) (avg / 3)));
    long longLen = Math.max(shortLen, usable);
    int shorts = (int) Math.round((double) ((stops + 1) * longLen - (long) driving)
        / (longLen - shortLen + 1));
    shorts = Math.max(0, Math.min(stops, shorts));
    boolean[] isShort = new boolean[stops];
    for (int placed = 0; placed < shorts; ) {
      int i = rng.nextInt(stops);
      if (!isShort[i]) {
        isShort[i] = true;
        placed++;
      }
    }
    for (int i = 0; i < stops; i++) {
      targets[i] = isShort[i]
          ? (long) (shortest + rng.nextDouble() * (shortLen - shortest + 1))
          : (long) (longLen - rng.nextDouble() * 60_000);
    }
    balance(targets, driving, lap, shortest, usable, lastMax);
    return plan;
  }

  /**
   * After a stop and when the yellow ends (the race is now longer), the team fits its remaining
   * planned stints to the time left from {@code from}.
   */
  void replan(RacingTeam x, long from) {
    int next = x.pits;
    int left = x.plan.stops() - next;
    if (left <= 0) {
      return;
    }
    double driving = timeline.countdownEnd() - from - left * planPitMs();
    long[] rest = x.plan.targetsFrom(next);
    balance(rest, driving, planLap(), planShortest(), planUsable(), planLastMax());
    x.plan.retarget(next, rest);
  }

  /**
   * At a crossing: is the lap starting now the pit lap? Rules first (stint limit, stops owed),
   * then the team's plan. A pit-in comes {@value #IN_PORTION} of a lap after the decision; the
   * next decision is one lap later, so the stint limit is checked against a slow lap
   * ({@link LapTimeModel#safeLap}) with room for an outlier and the warm-up.
   *
   * @param flagOut the chequered flag is out: nobody stops any more
   */
  boolean shouldPit(RacingTeam x, long at, boolean flagOut) {
    long countdownEnd = timeline.countdownEnd();
    if (flagOut || at >= countdownEnd) {
      return false;
    }
    double lap = laps.safeLap(x.kart, x.driverOnTrack(), at);
    long elapsed = at - x.stintStart;
    long remaining = countdownEnd - at;
    long maxStint = settings.maxStintMin() * 60_000L;
    int owed = settings.minPits() - x.pits;
    // the flag falls at most a lap after the countdown, this team sees it at most a lap later
    boolean reachesFlag = elapsed + remaining + 2 * lap + SAFETY_MS <= maxStint;
    if (owed <= 0 && reachesFlag) {
      return false;
    }
    if (elapsed + (1 + IN_PORTION) * lap + SAFETY_MS >= maxStint) {
      return true; // not stopping now would break the stint limit
    }
    if (!reachesFlag && at + lap >= countdownEnd) {
      return true; // the last chance to stop before the countdown ends
    }
    long pitMs = settings.pitTimeS() * 1000L;
    if (owed > 0 && x.crossingsSinceOut >= 1
        && remaining <= owed * (pitMs + 4 * lap) + 2 * lap) {
      return true; // the stops still owed would not fit later
    }
    if (x.crossingsSinceOut < MIN_STINT_LAPS) {
      return false;
    }
    if (x.pits < x.plan.stops()) {
      // a planned stop, or an early one while the yellow makes it cheap
      return elapsed >= x.plan.target(x.pits)
          || x.plan.yellowOpportunist() && timeline.yellowAt(at);
    }
    return false;
  }

  private double planLap() {
    return laps.baseLapMs() + 1_000;
  }

  private double planPitMs() {
    return settings.pitTimeS() * 1000d + PitLane.PIT_EXTRA_MIN_MS + PitLane.PIT_EXTRA_EXP_MS;
  }

  private long planShortest() {
    return (long) ((MIN_STINT_LAPS + 1) * planLap());
  }

  private long planUsable() {
    return Math.max(planShortest(), (long) (settings.maxStintMin() * 60_000L - 2.2 * planLap()));
  }

  /** The last stint runs from the last stop to the flag: it must see the flag within the limit. */
  private double planLastMax() {
    return settings.maxStintMin() * 60_000L - 2.5 * planLap() - SAFETY_MS;
  }

  /**
   * Stretches or shrinks the stint targets so that what is left for the last stint fits between
   * {@code shortest} and {@code lastMax} (a stint runs on past its target: to the next crossing,
   * then to the pit entry, about {@code 1.1} laps).
   */
  static void balance(long[] targets, double driving, double lap, long shortest,
      long usable, double lastMax) {
    double sum = 0;
    for (long target : targets) {
      sum += target + 1.1 * lap;
    }
    double last = driving - sum;
    double room = 0;
    if (last > lastMax) {
      for (long target : targets) {
        room += Math.max(0, usable - target);
      }
      double f = room <= 0 ? 0 : Math.min(1, (last - lastMax) / room);
      for (int i = 0; i < targets.length; i++) {
        targets[i] += (long) (Math.max(0, usable - targets[i]) * f);
      }
    } else if (last < shortest) {
      for (long target : targets) {
        room += Math.max(0, target - shortest);
      }
      double f = room <= 0 ? 0 : Math.min(1, (shortest - last) / room);
      for (int i = 0; i < targets.length; i++) {
        targets[i] -= (long) (Math.max(0, targets[i] - shortest) * f);
      }
    }
  }
}
