package lts.core.standings;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lts.core.event.BestLap;
import lts.core.event.CompetitorRegistered;
import lts.core.event.DriverOnTrack;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.PositionChanged;
import lts.core.event.RaceEvent;
import lts.core.event.SessionInfoChanged;
import lts.core.event.SessionKind;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;

/**
 * The standings of every session of one feed, obtained by folding its events (and nothing
 * else). {@code lts parse --summary} prints this; tests compare it with what Apex displayed.
 */
public final class LiveStandings {

  private final Map<Integer, SessionState> sessions = new LinkedHashMap<>();
  private String eventCode;

  /** Applies one event. Events of a session not yet started are kept under that session number. */
  public void apply(RaceEvent event) {
    eventCode = event.eventCode();
    if (event instanceof SessionStarted) {
      SessionStarted e = (SessionStarted) event;
      sessions.put(e.session(), new SessionState(e.kind(), e.title1(), e.title2(), e.track()));
      return;
    }
    SessionState s = sessions.get(event.session());
    if (s == null) {
      if (event instanceof SessionResumed) {
        SessionResumed e = (SessionResumed) event;
        sessions.put(e.session(), new SessionState(e.kind(), e.title1(), e.title2(), e.track()));
      }
      return;
    }
    if (event instanceof SessionResumed) {
      SessionResumed e = (SessionResumed) event;
      s.title1 = e.title1();
      s.title2 = e.title2();
      s.track = e.track();
    } else if (event instanceof SessionInfoChanged) {
      SessionInfoChanged e = (SessionInfoChanged) event;
      s.title1 = e.title1();
      s.title2 = e.title2();
      s.track = e.track();
    } else if (event instanceof CompetitorRegistered) {
      CompetitorRegistered e = (CompetitorRegistered) event;
      Team t = s.team(e.rowId());
      t.number = e.number();
      t.name = e.name();
    } else if (event instanceof DriverOnTrack) {
      DriverOnTrack e = (DriverOnTrack) event;
      s.team(e.rowId()).driver = e.driver();
    } else if (event instanceof LapCompleted) {
      LapCompleted e = (LapCompleted) event;
      Team t = s.team(e.rowId());
      t.laps = e.lap();
      if (e.lapTimeMs() != null) {
        // a lap without a shown time leaves the previous time on the page
        t.lastLapMs = e.lapTimeMs();
      }
    } else if (event instanceof LapCountCorrected) {
      LapCountCorrected e = (LapCountCorrected) event;
      s.team(e.rowId()).laps = e.to();
    } else if (event instanceof LastLapShown) {
      LastLapShown e = (LastLapShown) event;
      s.team(e.rowId()).lastLapMs = e.lapTimeMs();
    } else if (event instanceof BestLap) {
      BestLap e = (BestLap) event;
      s.team(e.rowId()).bestLapMs = e.lapTimeMs();
    } else if (event instanceof PositionChanged) {
      PositionChanged e = (PositionChanged) event;
      s.team(e.rowId()).position = e.position();
    } else if (event instanceof PitCountChanged) {
      PitCountChanged e = (PitCountChanged) event;
      s.team(e.rowId()).pits = e.pits();
    } else if (event instanceof PitIn) {
      s.team(((PitIn) event).rowId()).inPit = true;
    } else if (event instanceof PitOut) {
      s.team(((PitOut) event).rowId()).inPit = false;
    }
  }

  /** Every session seen, in order of their numbers. */
  public List<SessionSummary> sessions() {
    List<SessionSummary> list = new ArrayList<>();
    sessions.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> list.add(e.getValue().summary(eventCode, e.getKey())));
    return list;
  }

  /** One session's standings in grid order, or an empty list. */
  public List<TeamStanding> teams(int session) {
    SessionState s = sessions.get(session);
    return s == null ? List.of() : s.teamsInGridOrder();
  }

  private static final class SessionState {
    final SessionKind kind;
    String title1;
    String title2;
    String track;
    final Map<Integer, Team> teams = new LinkedHashMap<>();

    SessionState(SessionKind kind, String title1, String title2, String track) {
      this.kind = kind;
      this.title1 = title1;
      this.title2 = title2;
      this.track = track;
    }

    Team team(int rowId) {
      return teams.computeIfAbsent(rowId, Team::new);
    }

    List<TeamStanding> teamsInGridOrder() {
      List<TeamStanding> list = new ArrayList<>();
      teams.values().forEach(t -> list.add(t.standing()));
      return list;
    }

    SessionSummary summary(String eventCode, int number) {
      List<TeamStanding> list = teamsInGridOrder();
      list.sort(Comparator.comparing(TeamStanding::position,
          Comparator.nullsLast(Comparator.naturalOrder())));
      return new SessionSummary(eventCode, number, kind, title1, title2, track, List.copyOf(list));
    }
  }

  private static final class Team {
    final int rowId;
    String number;
    String name;
    String driver;
    Integer position;
    Integer laps;
    Long lastLapMs;
    Long bestLapMs;
    Integer pits;
    boolean inPit;

    Team(int rowId) {
      this.rowId = rowId;
    }

    TeamStanding standing() {
      return new TeamStanding(rowId, number, name, driver, position, laps, lastLapMs, bestLapMs,
          pits, inPit);
    }
  }
}
