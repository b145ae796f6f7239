package lts.strategy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lts.contracts.RaceRules;
import lts.core.event.Gap;
import lts.core.strategy.LapVerdict;
import lts.strategy.TableRow.DriverRow;
import lts.strategy.TableRow.LapRow;
import lts.strategy.TableRow.PitStopRow;
import lts.strategy.TableRow.StintRow;
import lts.strategy.TableRow.TeamRow;

/**
 * One team (grid row) of a session: what the feed shows of it, its laps (and the laps a penalty
 * superseded), its visits to the pit lane, its drivers, and the stints last computed from them
 * ({@link TeamStints}).
 */
final class TeamState {

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
    long inAt;
    Long outAt;
    Long pitTimeMs;
    Long lossMs;
    boolean counted;
    /** Its number on Apex's pit counter while the counter counts it, else null. */
    Integer apexStop;
    boolean inferred;
    boolean popped;
    /**
     * Closed without evidence of its end: still in the lane at the chequered flag (closed there),
     * or a stop only the pit column showed (closed when the team lapped again).
     */
    boolean lengthUnknown;
    /** Closed by the chequered flag: the team's race ended in the lane. */
    boolean endedByFlag;
    /**
     * Begun in a hole of the feed: seen first in the re-sent grid (its pit count up, or the team
     * in the lane), so its pit-in instant is that grid's, not the real one.
     */
    boolean inHole;
    /** Its lap in is an estimate (laps done in a hole of a feed without a laps column). */
    boolean lapInEstimated;
    /** Laps the team completed while this stop was open. */
    int lapsInLane;

    Stop(int number, Integer lapIn, long inAt) {
      this.number = number;
      this.lapIn = lapIn;
      this.inAt = inAt;
    }

    /**
     * How long the stop took, null while it is open: Apex's own pit clock when the feed showed
     * it (the race's measure at any replay speed, to the second), else out − in on the race
     * clock.
     */
    Long duration() {
      if (outAt == null || lengthUnknown) {
        return null;
      }
      return pitTimeMs != null && pitTimeMs > 0 ? pitTimeMs : outAt - inAt;
    }
  }

  /** A driver seen driving for the team. */
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

  final int rowId;
  String number;
  String name;
  String driver;
  Integer position;
  /** The lap count shown (laps column), null when unknown or cleared. */
  Integer count;
  /** The count is an estimate (laps done in a hole of the feed), until a gap anchors it. */
  boolean countEstimated;
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
  /**
   * When its first stint began: the race's green light, seen before any lap (null: not seen, the
   * first lap less its time then).
   */
  Long greenAt;
  /** The team took the chequered flag: a pit-in now is the way home, no stop. */
  boolean finished;
  long lastAt;
  final TreeMap<Integer, Lap> laps = new TreeMap<>();
  final TreeMap<Integer, Lap> superseded = new TreeMap<>();
  final List<Stop> stops = new ArrayList<>();
  final Map<String, Driver> drivers = new LinkedHashMap<>();
  List<StintFigures> stints = List.of();
  RaceRules computedWith;

  TeamState(int rowId, long at) {
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
    s.lapInEstimated = countEstimated;
    stops.add(s);
    return s;
  }

  /** The stint a stop ends: stint k ends at the k-th stop. */
  int stintNumberClosedBy(Stop s) {
    return s.number;
  }

  /** The last lap before a stop (the laps before the first one seen when unknown). */
  int lapIn(Stop s) {
    return s.lapIn == null ? first() : s.lapIn;
  }

  /** The laps before the first one seen: 0 unless the team joined a running race. */
  int first() {
    return startCount == Integer.MAX_VALUE ? 0 : startCount;
  }

  StintFigures stint(Integer number) {
    if (number == null) {
      return null;
    }
    for (StintFigures s : stints) {
      if (s.number == number) {
        return s;
      }
    }
    return null;
  }

  /** The stint on track now, null in the pit lane or before any stint. */
  StintFigures openStint() {
    StintFigures open = stints.isEmpty() ? null : stints.get(stints.size() - 1);
    return !inPit && open != null && open.endLap == null ? open : null;
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

  /** The team's row of {@code teams}. */
  TeamRow row(String eventCode, int session) {
    return new TeamRow(eventCode, session, rowId, number, name, driver, position, count, lastLapMs,
        bestLapMs, gapKind(gap), gapMs(gap), gapLaps(gap), gapText(gap), gapKind(interval),
        gapMs(interval), gapLaps(interval), gapText(interval), pitColumn, stops.size(), inPit,
        stints.size(), lastAt);
  }

  /** The team's rows of {@code laps}: the superseded laps first. */
  List<LapRow> lapRows(String eventCode, int session) {
    List<LapRow> out = new ArrayList<>(superseded.size() + laps.size());
    for (Lap l : superseded.values()) {
      out.add(new LapRow(eventCode, session, rowId, l.lap, l.timeMs, l.driver, null, "SUPERSEDED",
          false, l.yellow, l.fieldMs, l.derived, true, l.at, l.eventId));
    }
    for (Lap l : laps.values()) {
      out.add(new LapRow(eventCode, session, rowId, l.lap, l.timeMs, l.driver, l.stint,
          l.verdict.name(), l.verdict.clean(), l.yellow, l.fieldMs, l.derived, false, l.at,
          l.eventId));
    }
    return out;
  }

  /** The team's rows of {@code pit_stops}. */
  List<PitStopRow> pitStopRows(String eventCode, int session) {
    List<PitStopRow> out = new ArrayList<>(stops.size());
    for (Stop s : stops) {
      Long duration = s.duration();
      out.add(new PitStopRow(eventCode, session, rowId, s.number, s.counted, s.inferred, s.lapIn,
          s.inAt, s.outAt, duration, s.pitTimeMs, s.lossMs, s.apexStop, s.inHole,
          s.lapInEstimated));
    }
    return out;
  }

  /** The team's rows of {@code stints}. */
  List<StintRow> stintRows(String eventCode, int session) {
    List<StintRow> out = new ArrayList<>(stints.size());
    for (StintFigures s : stints) {
      out.add(new StintRow(eventCode, session, rowId, s.number, s.startLap, s.endLap, s.laps,
          s.timedLaps, s.cleanLaps, s.driver, s.startAt, s.endAt, s.drivingMs, s.bestMs, s.avgMs,
          s.avgLaps, s.score.scoreMs(), s.score.label()));
    }
    return out;
  }

  /** The team's rows of {@code drivers}, with the stints each drove. */
  List<DriverRow> driverRows(String eventCode, int session) {
    List<DriverRow> out = new ArrayList<>(drivers.size());
    for (Driver d : drivers.values()) {
      int driven = 0;
      long driving = 0;
      for (StintFigures s : stints) {
        if (d.name.equals(s.driver)) {
          driven++;
          driving += s.drivingMs == null ? 0 : s.drivingMs;
        }
      }
      out.add(new DriverRow(eventCode, session, rowId, d.name, d.drivingTimeMs, driven, driving,
          d.firstAt, d.lastAt));
    }
    return out;
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
}
