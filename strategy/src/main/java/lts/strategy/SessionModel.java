package lts.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lts.contracts.RaceRules;
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
import lts.core.strategy.KartModel;
import lts.core.strategy.OutlierRule;
import lts.core.strategy.StandingsAfterStops;
import lts.core.strategy.StintLaps;
import lts.strategy.TableRow.LapCorrectionRow;
import lts.strategy.TableRow.SessionRow;
import lts.strategy.TableRow.StandingRow;

/**
 * One session of one feed, folded from its events: teams ({@link TeamState}), laps
 * ({@link LapClassifier}), pit stops ({@link PitStopMatcher}), and what the runner computes from
 * them (stints and clean laps: {@link TeamStints}; kart scores: {@link KartFitSchedule}; the pit
 * lane: {@link PitLaneReplay}; the odds: {@link PitLaneOdds}; the standings after all stops).
 * {@link #apply} changes the state event by event; {@link #rows} turns the state into table rows.
 * Everything is a deterministic function of the events applied (and of the race's rules), never
 * of when or in which batches they came: a restart that replays the same events ends with the
 * same rows.
 */
final class SessionModel {

  final String eventCode;
  final int session;
  SessionKind kind;
  String title1;
  String title2;
  String track;
  Light light;
  /** The race's green light, seen changing before any lap (null: not seen). */
  Long greenAt;
  /** The frame of the session's grid ({@code init}): a light in it was not seen changing. */
  private String startedFrame = "";
  /**
   * The frame of the last re-sent grid (after a hole, a reconnect), from its event id
   * ({@code <feed>/<frame>/<index>}, docs/Messages.md): the events of that frame are its
   * snapshot's. Instants cannot tell: read as fast as possible, later frames share it.
   */
  String resumedFrame;
  RemainingTime.Clock clock;
  Long remainingMs;
  String remainingText;
  Long remainingAt;
  int resumed;
  final long startedAt;
  long lastAt;

  final Map<Integer, TeamState> teams = new LinkedHashMap<>();
  private final LapClassifier laps = new LapClassifier();
  private final PitLaneReplay pitLane;
  private final PitStopMatcher pitStops;
  private final KartFitSchedule kartFits = new KartFitSchedule();
  /** Race control's lap count corrections, by event id. */
  private final Map<String, LapCorrectionRow> corrections = new LinkedHashMap<>();

  boolean dirty = true;
  final Set<Integer> dirtyTeams = new LinkedHashSet<>();

  SessionModel(String eventCode, int session, long at) {
    this.eventCode = eventCode;
    this.session = session;
    this.startedAt = at;
    this.lastAt = at;
    this.pitLane = new PitLaneReplay(at);
    this.pitStops = new PitStopMatcher(pitLane);
  }

  /** The frame part of an event id ({@code <feed>/<frame>}), or null. */
  static String frameOf(String id) {
    int slash = id == null ? -1 : id.lastIndexOf('/');
    return slash < 0 ? null : id.substring(0, slash);
  }

  /** The event came in the frame of the last re-sent grid. */
  private boolean inResentGrid(RaceEvent e) {
    return resumedFrame != null && resumedFrame.equals(frameOf(e.id()));
  }

  /** The team (grid row) an event is about, null for session-wide events. */
  static Integer rowOf(RaceEvent e) {
    if (e instanceof CompetitorRegistered c) {
      return c.rowId();
    } else if (e instanceof DriverOnTrack d) {
      return d.rowId();
    } else if (e instanceof LapCompleted l) {
      return l.rowId();
    } else if (e instanceof LapCountCorrected c) {
      return c.rowId();
    } else if (e instanceof LastLapShown l) {
      return l.rowId();
    } else if (e instanceof BestLap b) {
      return b.rowId();
    } else if (e instanceof PositionChanged p) {
      return p.rowId();
    } else if (e instanceof GapChanged g) {
      return g.rowId();
    } else if (e instanceof IntervalChanged i) {
      return i.rowId();
    } else if (e instanceof PitIn p) {
      return p.rowId();
    } else if (e instanceof PitOut p) {
      return p.rowId();
    } else if (e instanceof PitCountChanged p) {
      return p.rowId();
    }
    return null;
  }

  /** The session's pit lane: every kart left and taken, in feed order. */
  PitLaneReplay pitLane() {
    return pitLane;
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
    TeamState team = teams.get(rowId);
    if (e instanceof CompetitorRegistered c) {
      if (team == null) {
        team = new TeamState(rowId, e.at());
        team.greenAt = greenAt;
        teams.put(rowId, team);
      }
      team.number = c.number();
      team.name = c.name();
    } else if (team == null) {
      return "unknown team: row " + rowId + " is not registered in session " + session;
    } else {
      int moves = pitLane.moves().size();
      boolean running = !team.finished;
      String problem = applyTeamEvent(team, e);
      if (problem != null) {
        return problem;
      }
      // a team's finish is a point too: the last fit takes every lap of the race, whatever the
      // instants of a replay put the 5-minute points on
      boolean finishedNow = running && team.finished;
      if (kartFits.isPoint(pitLane.kartLeftSince(moves) || finishedNow,
          e instanceof LapCompleted, e.at())) {
        kartFits.point(e.at(), teams.values());
      }
    }
    team.lastAt = Math.max(team.lastAt, e.at());
    lastAt = Math.max(lastAt, e.at());
    dirty = true;
    dirtyTeams.add(rowId);
    return null;
  }

  private void applySessionEvent(RaceEvent e) {
    if (e instanceof SessionStarted s) {
      startedFrame = frameOf(s.id());
      kind = s.kind();
      title1 = s.title1();
      title2 = s.title2();
      track = s.track();
    } else if (e instanceof SessionResumed s) {
      kind = s.kind();
      title1 = s.title1();
      title2 = s.title2();
      track = s.track();
      resumed++;
      resumedFrame = frameOf(s.id());
    } else if (e instanceof SessionInfoChanged s) {
      title1 = s.title1();
      title2 = s.title2();
      track = s.track();
    } else if (e instanceof LightChanged l) {
      if (l.light() == Light.GREEN && greenAt == null && kind == SessionKind.RACE
          && !java.util.Objects.equals(frameOf(l.id()), startedFrame) && !inResentGrid(l)
          && teams.values().stream().allMatch(t -> t.laps.isEmpty()
              && (t.count == null || t.count == 0))) {
        // the start: a light seen changing, not one a grid shows (the race may have started
        // seconds or hours before; a running race also shows laps done)
        greenAt = e.at();
        teams.values().forEach(t -> t.greenAt = greenAt);
      }
      if (l.light() == Light.FINISHED && light != Light.FINISHED) {
        for (TeamState t : teams.values()) {
          pitStops.flag(t, e.at());
        }
        dirtyTeams.addAll(teams.keySet());
      }
      light = l.light();
    } else if (e instanceof RemainingTime r) {
      clock = r.clock();
      remainingMs = r.ms();
      remainingText = r.text();
      remainingAt = r.at();
    }
    // race_control_message: not stored here
  }

  private String applyTeamEvent(TeamState t, RaceEvent e) {
    if (e instanceof DriverOnTrack d) {
      t.driver = d.driver();
      if (d.driver() != null) {
        t.driverSeen(d.driver(), e.at()).drivingTimeMs = d.drivingTimeMs();
      }
    } else if (e instanceof LapCompleted l) {
      String problem = LapClassifier.problem(l);
      if (problem != null) {
        return problem;
      }
      laps.record(t, l, light);
      pitStops.lapped(t, e.at());
      if (light == Light.FINISHED) {
        t.finished = true; // its first crossing after the chequered flag
      }
    } else if (e instanceof LapCountCorrected c) {
      if (c.to() != null && c.to() < 0) {
        return "impossible lap count: " + c.to();
      }
      t.correct(c.to());
      t.countEstimated = "estimate".equals(c.reason());
      String id = e.id() == null ? "?" + corrections.size() : e.id();
      corrections.put(id, new LapCorrectionRow(eventCode, id, session, c.rowId(), c.from(),
          c.to(), c.reason(), c.at()));
    } else if (e instanceof LastLapShown l) {
      t.lastLapMs = l.lapTimeMs();
    } else if (e instanceof BestLap b) {
      t.bestLapMs = b.lapTimeMs();
    } else if (e instanceof PositionChanged p) {
      if (p.position() < 1) {
        return "impossible position: " + p.position();
      }
      t.position = p.position();
    } else if (e instanceof GapChanged g) {
      t.gap = g.gap();
    } else if (e instanceof IntervalChanged i) {
      t.interval = i.interval();
    } else if (e instanceof PitIn) {
      pitStops.pitIn(t, e.at(), inResentGrid(e));
    } else if (e instanceof PitOut p) {
      pitStops.pitOut(t, e.at(), p.pitTimeMs(), p.inAt(), inResentGrid(e));
    } else if (e instanceof PitCountChanged p) {
      pitStops.pitCount(t, p.pits(), e.at(), inResentGrid(e));
    }
    return null;
  }

  /**
   * The rows of the session's tables for what changed since the last call (every team when
   * {@code all}). The dirty marks stay until {@link #clean()}.
   *
   * @param overrides the strategist's labels, for the pit lane and odds
   */
  SessionRows rows(RaceRules rules, LabelOverrides overrides, boolean all) {
    SessionRows out = new SessionRows();
    KartModel.Fit fit = kartFits.fit(rules);
    TeamStints stints = new TeamStints(new StintLaps(OutlierRule.DEFAULT, rules.avgLaps()), rules,
        fit);
    for (TeamState t : teams.values()) {
      if (all || kartFits.labelsChanged() || dirtyTeams.contains(t.rowId)
          || !rules.equals(t.computedWith)) {
        stints.compute(t);
        out.laps.addAll(t.lapRows(eventCode, session));
        out.pitStops.addAll(t.pitStopRows(eventCode, session));
        out.stints.addAll(t.stintRows(eventCode, session));
        out.drivers.addAll(t.driverRows(eventCode, session));
      }
    }
    List<Long> losses = new ArrayList<>();
    teams.values().forEach(t -> t.stops.forEach(s -> {
      if (s.lossMs != null) {
        losses.add(s.lossMs);
      }
    }));
    Long measured = losses.isEmpty() ? null : median(losses);
    long pitLoss = measured != null ? measured : rules.pitTimeMs();
    out.sessions.add(new SessionRow(eventCode, session, name(kind), title1, title2, track,
        name(light), name(clock), remainingMs, remainingText, remainingAt, resumed,
        laps.fieldMedian(), pitLoss, measured != null, startedAt, lastAt));
    for (TeamState t : teams.values()) {
      out.teams.add(t.row(eventCode, session));
    }
    out.corrections.addAll(corrections.values());
    new PitLaneOdds(new SessionKey(eventCode, session), teams, rules, overrides)
        .rows(pitLane.lane(rules.pitRows(), rules.spareKarts()), lastAt, out);
    standingsRows(rules, pitLoss, out);
    return out;
  }

  /** The rows of the last {@link #rows} call are committed: nothing is dirty any more. */
  void clean() {
    dirty = false;
    dirtyTeams.clear();
    kartFits.committed();
  }

  private void standingsRows(RaceRules rules, long pitLoss, SessionRows out) {
    Long medianLap = laps.fieldMedian();
    if (medianLap == null) {
      return;
    }
    List<StandingsAfterStops.Team> list = new ArrayList<>();
    for (TeamState t : teams.values()) {
      if (t.position != null) {
        Long gap = t.gap != null && t.gap.kind() == Gap.Kind.TIME ? t.gap.ms() : null;
        list.add(new StandingsAfterStops.Team(t.rowId, t.position, t.count, gap, t.pitColumn,
            t.inPit));
      }
    }
    for (StandingsAfterStops.Estimate e : StandingsAfterStops.estimate(list,
        rules.minPitStops(), pitLoss, medianLap)) {
      TeamState t = teams.get(e.rowId());
      out.standings.add(new StandingRow(eventCode, session, e.rowId(), e.rawPosition(), t.count,
          t.pitColumn, t.inPit, e.owed(), e.rawGapMs(), e.estimatedGapMs(),
          e.estimatedPosition(), e.change()));
    }
  }

  private static String name(Enum<?> e) {
    return e == null ? null : e.name();
  }

  static long median(List<Long> values) {
    long[] v = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : Math.round((v[n / 2 - 1] + v[n / 2]) / 2.0);
  }
}
