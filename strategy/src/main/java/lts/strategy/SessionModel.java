package lts.strategy;

import lts.store.Table;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lts.core.event.BestLap;
import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;
import lts.core.event.Gap;
import lts.core.event.GapChanged;
import lts.core.event.IntervalChanged;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.PositionChanged;
import lts.core.event.RaceEvent;
import lts.core.event.RemainingTime;
import lts.core.event.SessionInfoChanged;
import lts.core.event.SessionKind;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;
import lts.core.strategy.FieldReference;
import lts.core.strategy.GoodKartOdds;
import lts.core.strategy.KartLabel;
import lts.core.strategy.KartModel;
import lts.core.strategy.KartScore;
import lts.core.strategy.LapVerdict;
import lts.core.strategy.OutlierRule;
import lts.core.strategy.PitLaneQueue;
import lts.core.strategy.StandingsAfterStops;
import lts.core.strategy.Stint;
import lts.core.strategy.StintLaps;

/**
 * One session of one feed, folded from its events: teams, laps, pit stops, and what the runner
 * computes from them (stints, clean laps, kart scores, the pit lane, the odds, the standings
 * after all stops). {@link #apply} changes the state event by event; {@link #rows} turns the
 * state into table rows. Everything is a deterministic function of the events applied (and of the
 * race settings), never of when or in which batches they came: a restart that replays the same
 * events ends with the same rows.
 */
final class SessionModel {

  /** Field reference: median of the clean laps of all teams in the last 10 minutes. */
  static final long FIELD_WINDOW_MS = 600_000;
  /** A pit-in and a pit-column increase this close in feed time are the same stop. */
  static final long PIT_MATCH_MS = 15_000;
  /** Feed time between two kart-model points while no team stops. */
  static final long KART_FIT_EVERY_MS = 300_000;

  final String eventCode;
  final int session;
  SessionKind kind;
  String title1;
  String title2;
  String track;
  Light light;
  RemainingTime.Clock clock;
  Long remainingMs;
  String remainingText;
  Long remainingAt;
  int resumed;
  final long startedAt;
  long lastAt;

  final Map<Integer, Team> teams = new LinkedHashMap<>();
  final FieldReference field = new FieldReference(FIELD_WINDOW_MS);
  /** Pit-lane operations in order: push (team left its kart) or pop (team took the front kart). */
  final List<long[]> queueOps = new ArrayList<>(); // {1 push / 0 pop, rowId, stint, at}
  /** {@link #queueOps} applied up to {@link #queueApplied}, with the rows and spares it began with. */
  private PitLaneQueue queue;
  private int queueApplied;
  private int queueRows;
  private int queueSpares;
  final Map<String, Object[]> corrections = new LinkedHashMap<>();

  boolean dirty = true;
  final Set<Integer> dirtyTeams = new LinkedHashSet<>();

  /*
   * The kart model (lts.core.strategy.KartModel) is fitted on the clean laps of the race as they
   * were at the last "kart-model point": each pit-in that closes a stint (the kart left in the
   * pit lane gets its label) and, between stops, the first lap after each 5 minutes of feed time.
   * The laps are taken at the point, in event order, and the fit runs once per transaction on
   * the last point's laps: labels are a function of the events up to that point, never of how
   * the events were batched, so a replay or a restart ends with the same labels.
   */
  private List<KartModel.Lap> kartLaps = List.of();
  private boolean kartLapsChanged;
  private long nextKartPointAt = Long.MIN_VALUE;
  private KartModel.Fit kartFit;
  private KartModel.Settings kartFitSettings;
  /** The fit changed since the last committed rows: every team's stints are written. */
  private boolean kartLabelsChanged;

  SessionModel(String eventCode, int session, long at) {
    this.eventCode = eventCode;
    this.session = session;
    this.startedAt = at;
    this.lastAt = at;
  }

  /** The team (grid row) an event is about, null for session-wide events. */
  static Integer rowOf(RaceEvent e) {
    if (e instanceof CompetitorRegistered) {
      return ((CompetitorRegistered) e).rowId();
    } else if (e instanceof DriverOnTrack) {
      return ((DriverOnTrack) e).rowId();
    } else if (e instanceof LapCompleted) {
      return ((LapCompleted) e).rowId();
    } else if (e instanceof LapCountCorrected) {
      return ((LapCountCorrected) e).rowId();
    } else if (e instanceof LastLapShown) {
      return ((LastLapShown) e).rowId();
    } else if (e instanceof BestLap) {
      return ((BestLap) e).rowId();
    } else if (e instanceof PositionChanged) {
      return ((PositionChanged) e).rowId();
    } else if (e instanceof GapChanged) {
      return ((GapChanged) e).rowId();
    } else if (e instanceof IntervalChanged) {
      return ((IntervalChanged) e).rowId();
    } else if (e instanceof PitIn) {
      return ((PitIn) e).rowId();
    } else if (e instanceof PitOut) {
      return ((PitOut) e).rowId();
    } else if (e instanceof PitCountChanged) {
      return ((PitCountChanged) e).rowId();
    }
    return null;
  }

  /** Applies one event; returns null, or why it cannot be applied (nothing changed then). */
  String apply(RaceEvent e) {
    Integer rowId = rowOf(e);
    if (rowId == null) {
      applySessionEvent(e);
      lastAt = Math.max(lastAt, e.at());
      dirty = true;
      return null;
    }
    Team team = teams.get(rowId);
    if (e instanceof CompetitorRegistered) {
      CompetitorRegistered c = (CompetitorRegistered) e;
      if (team == null) {
        team = new Team(rowId, e.at());
        teams.put(rowId, team);
      }
      team.number = c.number();
      team.name = c.name();
    } else if (team == null) {
      return "unknown team: row " + rowId + " is not registered in session " + session;
    } else {
      int pushes = queueOps.size();
      String problem = applyTeamEvent(team, e);
      if (problem != null) {
        return problem;
      }
      boolean stintClosed = false;
      for (int i = pushes; i < queueOps.size(); i++) {
        stintClosed |= queueOps.get(i)[0] == 1;
      }
      if (stintClosed || (e instanceof LapCompleted && e.at() >= nextKartPointAt)) {
        kartModelPoint(e.at());
      }
    }
    team.lastAt = Math.max(team.lastAt, e.at());
    lastAt = Math.max(lastAt, e.at());
    dirty = true;
    dirtyTeams.add(rowId);
    return null;
  }

  /** Takes the clean laps of the race as they are now, for the next fit of the kart model. */
  private void kartModelPoint(long at) {
    StintLaps maths = new StintLaps(OutlierRule.DEFAULT, RaceSettings.DEFAULT_AVG_LAPS);
    List<KartModel.Lap> laps = new ArrayList<>();
    for (Team t : teams.values()) {
      RaceSettings with = t.computedWith != null ? t.computedWith
          : RaceSettings.defaults(RaceSettings.DEFAULT_AVG_LAPS);
      t.compute(maths, with, kartFit);
      for (StintOut s : t.stints) {
        laps.addAll(s.modelLaps);
      }
    }
    kartLaps = laps;
    kartLapsChanged = true;
    nextKartPointAt = (Math.floorDiv(at, KART_FIT_EVERY_MS) + 1) * KART_FIT_EVERY_MS;
  }

  /** The kart model's settings for the race's: its label band and minimum of clean laps. */
  static KartModel.Settings kartModelSettings(RaceSettings settings) {
    return KartModel.Settings.DEFAULT.withBandMs(settings.labelBandMs())
        .withMinCleanLaps(settings.minCleanLaps());
  }

  private void applySessionEvent(RaceEvent e) {
    if (e instanceof SessionStarted) {
      SessionStarted s = (SessionStarted) e;
      kind = s.kind();
      title1 = s.title1();
      title2 = s.title2();
      track = s.track();
    } else if (e instanceof SessionResumed) {
      SessionResumed s = (SessionResumed) e;
      kind = s.kind();
      title1 = s.title1();
      title2 = s.title2();
      track = s.track();
      resumed++;
    } else if (e instanceof SessionInfoChanged) {
      SessionInfoChanged s = (SessionInfoChanged) e;
      title1 = s.title1();
      title2 = s.title2();
      track = s.track();
    } else if (e instanceof LightChanged) {
      light = ((LightChanged) e).light();
    } else if (e instanceof RemainingTime) {
      RemainingTime r = (RemainingTime) e;
      clock = r.clock();
      remainingMs = r.ms();
      remainingText = r.text();
      remainingAt = r.at();
    }
    // race_control_message: not stored here
  }

  private String applyTeamEvent(Team t, RaceEvent e) {
    if (e instanceof DriverOnTrack) {
      DriverOnTrack d = (DriverOnTrack) e;
      t.driver = d.driver();
      if (d.driver() != null) {
        t.driverSeen(d.driver(), e.at()).drivingTimeMs = d.drivingTimeMs();
      }
    } else if (e instanceof LapCompleted) {
      LapCompleted l = (LapCompleted) e;
      if (l.lap() < 1) {
        return "impossible lap: lap number " + l.lap();
      }
      if (l.lapTimeMs() != null && l.lapTimeMs() <= 0) {
        return "impossible lap: lap " + l.lap() + " took " + l.lapTimeMs() + " ms";
      }
      lap(t, l);
    } else if (e instanceof LapCountCorrected) {
      LapCountCorrected c = (LapCountCorrected) e;
      if (c.to() != null && c.to() < 0) {
        return "impossible lap count: " + c.to();
      }
      t.correct(c.to());
      corrections.put(e.id() == null ? "?" + corrections.size() : e.id(), new Object[] {
          c.rowId(), c.from(), c.to(), c.reason(), c.at()});
    } else if (e instanceof LastLapShown) {
      t.lastLapMs = ((LastLapShown) e).lapTimeMs();
    } else if (e instanceof BestLap) {
      t.bestLapMs = ((BestLap) e).lapTimeMs();
    } else if (e instanceof PositionChanged) {
      int p = ((PositionChanged) e).position();
      if (p < 1) {
        return "impossible position: " + p;
      }
      t.position = p;
    } else if (e instanceof GapChanged) {
      t.gap = ((GapChanged) e).gap();
    } else if (e instanceof IntervalChanged) {
      t.interval = ((IntervalChanged) e).interval();
    } else if (e instanceof PitIn) {
      pitIn(t, e.at());
    } else if (e instanceof PitOut) {
      pitOut(t, e.at(), ((PitOut) e).pitTimeMs());
    } else if (e instanceof PitCountChanged) {
      pitCount(t, ((PitCountChanged) e).pits(), e.at());
    }
    return null;
  }

  // ---- laps ----------------------------------------------------------------------------------

  private void lap(Team t, LapCompleted e) {
    int n = e.lap();
    if (t.count != null && n <= t.count) {
      t.supersedeAbove(n); // the counter went back without a correction: the same rule
    }
    boolean yellow = light == Light.YELLOW || light == Light.SAFETY_CAR;
    Stop last = t.lastStop();
    boolean outLap = t.inPit || (last != null && n <= t.lapIn(last) + 1);
    Long time = e.lapTimeMs();
    if (time != null && !yellow && !outLap) {
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
    // a stop the feed showed only through the pit column ends when the team laps again
    if (last != null && last.outAt == null && !last.popped && !t.inPit && last.inferred) {
      queueOps.add(new long[] {0, t.rowId, 0, e.at()});
      last.popped = true;
    }
  }

  // ---- pit stops -----------------------------------------------------------------------------

  private void pitIn(Team t, long at) {
    Stop last = t.lastStop();
    if (last != null && last.inferred && last.outAt == null && !last.popped
        && at - last.inAt <= PIT_MATCH_MS) {
      last.inferred = false; // the pit-in of the stop the pit column announced
      t.inPit = true;
      return;
    }
    if (t.inPit && last != null && last.outAt == null) {
      return;
    }
    Stop s = t.newStop(at);
    t.inPit = true;
    queueOps.add(new long[] {1, t.rowId, t.stintNumberClosedBy(s), at});
  }

  private void pitOut(Team t, long at, Long pitTimeMs) {
    t.inPit = false;
    Stop last = t.lastStop();
    if (last != null && last.outAt == null) {
      last.outAt = at;
      last.pitTimeMs = pitTimeMs;
      if (!last.popped) {
        queueOps.add(new long[] {0, t.rowId, 0, at});
        last.popped = true;
      }
    }
  }

  private void pitCount(Team t, Integer pits, long at) {
    if (pits == null) {
      t.pitColumn = null;
      return;
    }
    if (t.pitColumn == null && !t.pitColumnSeen && t.joinedMidway && t.stops.isEmpty()) {
      // joined a running race: the stops before are not ours to see
      t.stopBase = pits;
      t.counted = pits;
      t.pitColumn = pits;
      t.pitColumnSeen = true;
      return;
    }
    t.pitColumn = pits;
    t.pitColumnSeen = true;
    while (t.counted > pits) { // race control took stops off the column
      t.counted--;
      for (int i = t.stops.size() - 1; i >= 0; i--) {
        if (t.stops.get(i).counted) {
          t.stops.get(i).counted = false;
          break;
        }
      }
    }
    while (t.counted < pits) {
      Stop last = t.lastStop();
      if (last != null && !last.counted && (last.outAt == null || at - last.inAt <= PIT_MATCH_MS)) {
        last.counted = true;
      } else {
        Stop s = t.newStop(at); // a stop the feed did not show: inferred from the column
        s.inferred = true;
        s.counted = true;
        queueOps.add(new long[] {1, t.rowId, t.stintNumberClosedBy(s), at});
      }
      t.counted++;
    }
  }

  // ---- rows ----------------------------------------------------------------------------------

  /**
   * The rows of the session's tables for what changed since the last call (every team when
   * {@code all}), keyed by table. The dirty marks stay until {@link #clean()}.
   *
   * @param overrides {@code "rowId/stint"} → the strategist's label, for the pit lane and odds
   */
  Map<Table, List<Object[]>> rows(RaceSettings settings, Map<String, String> overrides, boolean all) {
    Map<Table, List<Object[]>> out = new EnumMap<>(Table.class);
    for (Table table : Table.values()) {
      out.put(table, new ArrayList<>());
    }
    KartModel.Settings modelSettings = kartModelSettings(settings);
    if (kartLapsChanged || !modelSettings.equals(kartFitSettings)) {
      kartFit = kartLaps.isEmpty() ? null : KartModel.fit(kartLaps, modelSettings);
      kartFitSettings = modelSettings;
      kartLapsChanged = false;
      kartLabelsChanged = true;
    }
    StintLaps stintLaps = new StintLaps(OutlierRule.DEFAULT, settings.avgLaps());
    for (Team t : teams.values()) {
      if (all || kartLabelsChanged || dirtyTeams.contains(t.rowId)
          || !settings.equals(t.computedWith)) {
        t.compute(stintLaps, settings, kartFit);
        teamRows(t, out);
      }
    }
    List<Long> losses = new ArrayList<>();
    teams.values().forEach(t -> t.stops.forEach(s -> {
      if (s.lossMs != null) {
        losses.add(s.lossMs);
      }
    }));
    Long measured = losses.isEmpty() ? null : median(losses);
    long pitLoss = measured != null ? measured : settings.pitTimeMs();
    out.get(Table.SESSIONS).add(new Object[] {eventCode, session, name(kind), title1, title2,
        track, name(light), name(clock), remainingMs, remainingText, remainingAt, resumed,
        field.median(), pitLoss, measured != null ? 1 : 0, startedAt, lastAt});
    for (Team t : teams.values()) {
      out.get(Table.TEAMS).add(new Object[] {eventCode, session, t.rowId, t.number, t.name,
          t.driver, t.position, t.count, t.lastLapMs, t.bestLapMs, gapKind(t.gap), gapMs(t.gap),
          gapLaps(t.gap), gapText(t.gap), gapKind(t.interval), gapMs(t.interval),
          gapLaps(t.interval), gapText(t.interval), t.pitColumn, t.stops.size(), t.inPit ? 1 : 0,
          t.stints.size(), t.lastAt});
    }
    corrections.forEach((id, c) -> out.get(Table.LAP_CORRECTIONS).add(new Object[] {eventCode, id,
        session, c[0], c[1], c[2], c[3], c[4]}));
    pitLaneRows(settings, overrides, out);
    standingsRows(settings, pitLoss, out);
    return out;
  }

  /** The rows of the last {@link #rows} call are committed: nothing is dirty any more. */
  void clean() {
    dirty = false;
    dirtyTeams.clear();
    kartLabelsChanged = false;
  }

  private void teamRows(Team t, Map<Table, List<Object[]>> out) {
    for (Lap l : t.superseded.values()) {
      out.get(Table.LAPS).add(new Object[] {eventCode, session, t.rowId, l.lap, l.timeMs,
          l.driver, null, "SUPERSEDED", 0, l.yellow ? 1 : 0, l.fieldMs, l.derived ? 1 : 0, 1, l.at,
          l.eventId});
    }
    for (Lap l : t.laps.values()) {
      out.get(Table.LAPS).add(new Object[] {eventCode, session, t.rowId, l.lap, l.timeMs,
          l.driver, l.stint, l.verdict.name(), l.verdict.clean() ? 1 : 0, l.yellow ? 1 : 0,
          l.fieldMs, l.derived ? 1 : 0, 0, l.at, l.eventId});
    }
    for (Stop s : t.stops) {
      Long duration = s.outAt == null ? null : s.outAt - s.inAt;
      out.get(Table.PIT_STOPS).add(new Object[] {eventCode, session, t.rowId, s.number,
          s.counted ? 1 : 0, s.inferred ? 1 : 0, s.lapIn, s.inAt, s.outAt, duration, s.pitTimeMs,
          s.lossMs});
    }
    for (StintOut s : t.stints) {
      out.get(Table.STINTS).add(new Object[] {eventCode, session, t.rowId, s.number, s.startLap,
          s.endLap, s.laps, s.timedLaps, s.cleanLaps, s.driver, s.startAt, s.endAt, s.drivingMs,
          s.bestMs, s.avgMs, s.avgLaps, s.score.scoreMs(), s.score.label().name()});
    }
    for (Driver d : t.drivers.values()) {
      int stints = 0;
      long driving = 0;
      for (StintOut s : t.stints) {
        if (d.name.equals(s.driver)) {
          stints++;
          driving += s.drivingMs == null ? 0 : s.drivingMs;
        }
      }
      out.get(Table.DRIVERS).add(new Object[] {eventCode, session, t.rowId, d.name,
          d.drivingTimeMs, stints, driving, d.firstAt, d.lastAt});
    }
  }

  /** The pit lane replayed from {@link #queueOps} (incrementally while the rows stay the same). */
  private PitLaneQueue pitLane(RaceSettings settings) {
    if (queue == null || queueRows != settings.pitRows() || queueSpares != settings.spareKarts()) {
      queueRows = settings.pitRows();
      queueSpares = settings.spareKarts();
      queue = new PitLaneQueue(queueRows, queueSpares, startedAt);
      queueApplied = 0;
    }
    for (; queueApplied < queueOps.size(); queueApplied++) {
      long[] op = queueOps.get(queueApplied);
      if (op[0] == 1) {
        queue.push((int) op[1], new PitLaneQueue.Kart((int) op[1], (int) op[2], KartLabel.UNKNOWN,
            null, op[3]));
      } else {
        queue.pop((int) op[1]);
      }
    }
    return queue;
  }

  private void pitLaneRows(RaceSettings settings, Map<String, String> overrides,
      Map<Table, List<Object[]>> out) {
    PitLaneQueue queue = pitLane(settings);
    // P(good) of each kart: the strategist's label, else the kart model's posterior; the base
    // rate (a kart nothing is known about) is the mean over the stints with enough clean laps
    double sum = 0;
    int known = 0;
    List<Object[]> onTrack = new ArrayList<>(); // {team, open stint}
    for (Team t : teams.values()) {
      for (StintOut s : t.stints) {
        KartLabel o = override(t.rowId, s.number, overrides);
        Double p = o != null || s.score.laps() >= settings.minCleanLaps()
            ? knownGoodProbability(o, s) : null;
        if (p != null) {
          known++;
          sum += p;
        }
      }
      StintOut open = t.stints.isEmpty() ? null : t.stints.get(t.stints.size() - 1);
      if (!t.inPit && open != null && open.endLap == null) {
        onTrack.add(new Object[] {t, open});
      }
    }
    double baseRate = known == 0 ? KartModel.priorGoodProbability(kartModelSettings(settings))
        : sum / known;
    java.util.function.ToDoubleFunction<PitLaneQueue.Kart> good = k -> {
      Team from = k.fromRowId() == null ? null : teams.get(k.fromRowId());
      return goodProbability(from, k.fromStint(), overrides, baseRate);
    };
    List<List<PitLaneQueue.Kart>> rows = queue.rows(); // the most likely lane
    for (int r = 0; r < rows.size(); r++) {
      for (int p = 0; p < rows.get(r).size(); p++) {
        PitLaneQueue.Kart k = rows.get(r).get(p);
        Team from = k.fromRowId() == null ? null : teams.get(k.fromRowId());
        StintOut stint = from == null ? null : from.stint(k.fromStint());
        KartLabel label = from == null ? KartLabel.UNKNOWN
            : effective(k.fromRowId(), k.fromStint(), stint, overrides);
        out.get(Table.PIT_QUEUE).add(new Object[] {eventCode, session, r, p, k.fromRowId(),
            from == null ? null : from.number, from == null ? null : k.fromStint(), label.name(),
            stint == null ? null : stint.score.scoreMs(), k.since()});
      }
    }
    // the next to stop: the teams whose kart has been out longest
    onTrack.sort(Comparator.comparing((Object[] o) -> ((StintOut) o[1]).startAt,
        Comparator.nullsLast(Comparator.naturalOrder()))
        .thenComparing(o -> ((Team) o[0]).rowId));
    List<Double> next = new ArrayList<>();
    List<String> nextNames = new ArrayList<>();
    for (int i = 0; i < Math.min(2, onTrack.size()); i++) {
      Team t = (Team) onTrack.get(i)[0];
      StintOut s = (StintOut) onTrack.get(i)[1];
      next.add(goodProbability(t, s.number, overrides, baseRate));
      nextNames.add(t.number == null ? String.valueOf(t.rowId) : t.number);
    }
    GoodKartOdds.Odds odds = GoodKartOdds.odds(queue, good, baseRate, next);
    out.get(Table.ODDS).add(new Object[] {eventCode, session, odds.now(), odds.afterOneStop(),
        odds.afterTwoStops(), baseRate, queue.size(), String.join(",", nextNames), lastAt});
  }

  /**
   * Probability that the kart of a team's stint is good: 1 / 0 for a GOOD / BAD set by hand, else
   * the kart model's; null when nothing is known (UNKNOWN set by hand, or not seen by the model).
   */
  private static Double knownGoodProbability(Team team, Integer stint,
      Map<String, String> overrides) {
    if (team == null || stint == null) {
      return null;
    }
    return knownGoodProbability(override(team.rowId, stint, overrides), team.stint(stint));
  }

  /** {@link #knownGoodProbability(Team, Integer, Map)} of a stint and its label set by hand. */
  private static Double knownGoodProbability(KartLabel override, StintOut s) {
    if (override != null) {
      return override == KartLabel.GOOD ? Double.valueOf(1.0)
          : override == KartLabel.BAD ? 0.0 : null;
    }
    return s == null ? null : s.goodProbability;
  }

  /** {@link #knownGoodProbability}, or the base rate when nothing is known. */
  private static double goodProbability(Team team, Integer stint, Map<String, String> overrides,
      double baseRate) {
    Double p = knownGoodProbability(team, stint, overrides);
    return p == null ? baseRate : p;
  }

  /** The strategist's label of a stint; null without one (or with one that is not a label). */
  private static KartLabel override(Integer rowId, Integer stint, Map<String, String> overrides) {
    String o = rowId == null || stint == null ? null : overrides.get(rowId + "/" + stint);
    if (o == null) {
      return null;
    }
    try {
      return KartLabel.valueOf(o.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException notALabel) {
      return null; // an override that is not GOOD / BAD / UNKNOWN: ignored
    }
  }

  private static KartLabel effective(Integer rowId, Integer stint, StintOut s,
      Map<String, String> overrides) {
    KartLabel o = override(rowId, stint, overrides);
    return o != null ? o : s == null ? KartLabel.UNKNOWN : s.score.label();
  }

  private void standingsRows(RaceSettings settings, long pitLoss, Map<Table, List<Object[]>> out) {
    Long medianLap = field.median();
    if (medianLap == null) {
      return;
    }
    List<StandingsAfterStops.Team> list = new ArrayList<>();
    for (Team t : teams.values()) {
      if (t.position != null) {
        Long gap = t.gap != null && t.gap.kind() == Gap.Kind.TIME ? t.gap.ms() : null;
        list.add(new StandingsAfterStops.Team(t.rowId, t.position, t.count, gap, t.pitColumn,
            t.inPit));
      }
    }
    for (StandingsAfterStops.Estimate e : StandingsAfterStops.estimate(list,
        settings.minPitStops(), pitLoss, medianLap)) {
      Team t = teams.get(e.rowId());
      out.get(Table.STANDINGS).add(new Object[] {eventCode, session, e.rowId(), e.rawPosition(),
          t.count, t.pitColumn, t.inPit ? 1 : 0, e.owed(), e.rawGapMs(), e.estimatedGapMs(),
          e.estimatedPosition(), e.change()});
    }
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  private static String gapKind(Gap g) {
    return g == null ? null : g.kind().name();
  }

  private static Long gapMs(Gap g) {
    return g == null ? null : g.ms();
  }

  private static Integer gapLaps(Gap g) {
    return g == null ? null : g.laps();
  }

  private static String gapText(Gap g) {
    return g == null ? null : g.text();
  }

  static long median(List<Long> values) {
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : Math.round((v[n / 2 - 1] + v[n / 2]) / 2.0);
  }

  // ---- the state of a team -------------------------------------------------------------------

  /** A lap as stored. */
  static final class Lap {
    final int lap;
    final Long timeMs;
    final String driver;
    final long at;
    final boolean yellow;
    final boolean derived;
    final Long fieldMs;
    final String eventId;
    Integer stint;
    LapVerdict verdict = LapVerdict.NO_TIME;

    Lap(int lap, Long timeMs, String driver, long at, boolean yellow, boolean derived, Long fieldMs,
        String eventId) {
      this.lap = lap;
      this.timeMs = timeMs;
      this.driver = driver;
      this.at = at;
      this.yellow = yellow;
      this.derived = derived;
      this.fieldMs = fieldMs;
      this.eventId = eventId;
    }
  }

  /** A visit to the pit lane. */
  static final class Stop {
    final int number;
    Integer lapIn;
    final long inAt;
    Long outAt;
    Long pitTimeMs;
    Long lossMs;
    boolean counted;
    boolean inferred;
    boolean popped;

    Stop(int number, Integer lapIn, long inAt) {
      this.number = number;
      this.lapIn = lapIn;
      this.inAt = inAt;
    }
  }

  static final class Driver {
    final String name;
    Long drivingTimeMs;
    final long firstAt;
    long lastAt;

    Driver(String name, long at) {
      this.name = name;
      this.firstAt = at;
      this.lastAt = at;
    }
  }

  /** A stint as computed. */
  static final class StintOut {
    int number;
    int startLap;
    Integer endLap;
    int laps;
    int timedLaps;
    int cleanLaps;
    String driver;
    Long startAt;
    Long endAt;
    Long drivingMs;
    Long bestMs;
    Long avgMs;
    int avgLaps;
    /** The kart: effect (ms per lap vs an average kart) and label from the kart model. */
    KartScore score = KartScore.NONE;
    /** The stint's clean laps as the kart model takes them. */
    List<KartModel.Lap> modelLaps = List.of();
    /** Probability that the kart is good (kart model), null when the model has not seen it. */
    Double goodProbability;
  }

  static final class Team {
    final int rowId;
    String number;
    String name;
    String driver;
    Integer position;
    /** The lap count shown (laps column), null when unknown or cleared. */
    Integer count;
    /** Laps before the first one seen (0 unless joined mid-race). */
    int startCount;
    boolean joinedMidway;
    Long lastLapMs;
    Long bestLapMs;
    Gap gap;
    Gap interval;
    Integer pitColumn;
    boolean pitColumnSeen;
    int counted;
    int stopBase;
    boolean inPit;
    long lastAt;
    final TreeMap<Integer, Lap> laps = new TreeMap<>();
    final TreeMap<Integer, Lap> superseded = new TreeMap<>();
    final List<Stop> stops = new ArrayList<>();
    final Map<String, Driver> drivers = new LinkedHashMap<>();
    List<StintOut> stints = List.of();
    RaceSettings computedWith;

    Team(int rowId, long at) {
      this.rowId = rowId;
      this.lastAt = at;
      this.startCount = Integer.MAX_VALUE;
    }

    Driver driverSeen(String name, long at) {
      Driver d = drivers.computeIfAbsent(name, n -> new Driver(n, at));
      d.lastAt = Math.max(d.lastAt, at);
      return d;
    }

    Stop lastStop() {
      return stops.isEmpty() ? null : stops.get(stops.size() - 1);
    }

    Stop newStop(long at) {
      Stop s = new Stop(stopBase + stops.size() + 1, count, at);
      stops.add(s);
      return s;
    }

    /** The stint a stop ends: stint k ends at the k-th stop. */
    int stintNumberClosedBy(Stop s) {
      return s.number;
    }

    int lapIn(Stop s) {
      return s.lapIn == null ? first() : s.lapIn;
    }

    private int first() {
      return startCount == Integer.MAX_VALUE ? 0 : startCount;
    }

    StintOut stint(Integer number) {
      if (number == null) {
        return null;
      }
      for (StintOut s : stints) {
        if (s.number == number) {
          return s;
        }
      }
      return null;
    }

    void correct(Integer to) {
      if (count == null && laps.isEmpty() && to != null && to > 0 && startCount == Integer.MAX_VALUE) {
        joinedMidway = true;
        startCount = to;
      } else if (startCount == Integer.MAX_VALUE && laps.isEmpty() && to != null) {
        startCount = to;
      }
      if (to == null) {
        count = null;
        return;
      }
      supersedeAbove(to);
      count = to;
    }

    /** A penalty or correction: laps above {@code n} no longer count, stops move down to it. */
    void supersedeAbove(int n) {
      while (!laps.isEmpty() && laps.lastKey() > n) {
        Lap l = laps.pollLastEntry().getValue();
        superseded.put(l.lap, l);
      }
      for (Stop s : stops) {
        if (s.lapIn != null && s.lapIn > n) {
          s.lapIn = n;
        }
      }
    }

    /** Stints, lap verdicts and pit losses from the laps and stops. */
    void compute(StintLaps maths, RaceSettings settings, KartModel.Fit fit) {
      computedWith = settings;
      List<Lap> all = new ArrayList<>(laps.values());
      List<StintOut> out = new ArrayList<>();
      int i = 0;
      int previousEnd = Math.min(first(), all.isEmpty() ? first() : all.get(0).lap - 1);
      int currentCount = count != null ? count : (all.isEmpty() ? previousEnd
          : Math.max(previousEnd, all.get(all.size() - 1).lap));
      for (int s = 0; s < stops.size(); s++) {
        Stop stop = stops.get(s);
        int end = Math.max(stop.lapIn == null ? previousEnd : stop.lapIn, previousEnd);
        int from = i;
        while (i < all.size() && all.get(i).lap <= end) {
          i++;
        }
        Long startAt = s == 0 ? raceStart(all) : stops.get(s - 1).outAt;
        out.add(stint(maths, settings, fit, stopBase + s + 1, previousEnd + 1, end,
            all.subList(from, i), s > 0 || stopBase > 0, true, startAt, stop.inAt));
        previousEnd = end;
      }
      Stop last = lastStop();
      boolean inPitNow = inPit && last != null && last.outAt == null && i == all.size();
      if (!inPitNow) {
        List<Lap> rest = all.subList(i, all.size());
        Long startAt = stops.isEmpty() ? raceStart(all) : last.outAt;
        Long endAt = rest.isEmpty() ? null : rest.get(rest.size() - 1).at;
        StintOut open = stint(maths, settings, fit, stopBase + stops.size() + 1, previousEnd + 1,
            null, rest, !stops.isEmpty() || stopBase > 0, false, startAt, endAt);
        open.endAt = null;
        open.laps = Math.max(0, currentCount - previousEnd);
        if (open.driver == null) {
          open.driver = driver;
        }
        out.add(open);
      }
      stints = out;
      for (Stop s : stops) {
        Lap in = s.lapIn == null ? null : laps.get(s.lapIn);
        Lap outLap = s.lapIn == null ? null : laps.get(s.lapIn + 1);
        Long ref = outLap == null ? null : outLap.fieldMs;
        s.lossMs = s.outAt == null || in == null || outLap == null || ref == null
            || in.timeMs == null || outLap.timeMs == null ? null
            : in.timeMs + outLap.timeMs - 2 * ref;
      }
    }

    private static Long raceStart(List<Lap> all) {
      if (all.isEmpty()) {
        return null;
      }
      Lap first = all.get(0);
      return first.timeMs == null ? null : first.at - first.timeMs;
    }

    private StintOut stint(StintLaps maths, RaceSettings settings, KartModel.Fit fit, int number,
        int startLap, Integer endLap, List<Lap> stintLaps, boolean afterPit, boolean closed,
        Long startAt, Long endAt) {
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
      StintOut o = new StintOut();
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
      o.avgLaps = settings.avgLaps();
      o.modelLaps = KartModel.cleanLaps(s, input, afterPit);
      KartModel.StintKart kart = fit == null ? null : fit.stint(rowId, number);
      o.score = kart == null ? KartScore.NONE
          : new KartScore(kart.effectMs(), kart.label(), kart.laps());
      o.goodProbability = kart == null ? null : kart.goodProbability();
      return o;
    }
  }

  /** Every "rowId/stint" key of a map of overrides, for callers building one. */
  static Map<String, String> noOverrides() {
    return new HashMap<>();
  }
}
