package lts.strategy;

import java.util.Arrays;
import java.util.List;
import lts.core.strategy.KartLabel;
import lts.store.Table;

/**
 * One row of a table the runner writes ({@link Table}): a record per table, its components in
 * the table's column order, so that {@link #values()} feeds the table's upsert as it is.
 * Flags are booleans here and {@code 1} / {@code 0} in the database.
 */
sealed interface TableRow {

  /** The table the row belongs to. */
  Table table();

  /** The feed. */
  String eventCode();

  /** The session of the feed. */
  int session();

  /** The values in the order of {@link Table#columns()}. */
  List<Object> values();

  /** The values of the key columns (the first {@link Table#keyColumns()}). */
  default List<Object> key() {
    List<Object> values = values();
    return Arrays.asList(values.subList(0, table().keyColumns()).toArray());
  }

  /** The session the row is about. */
  default SessionKey sessionKey() {
    return new SessionKey(eventCode(), session());
  }

  private static Integer flag(boolean b) {
    return b ? 1 : 0;
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** {@code sessions}: what the feed shows of the session, and the pit loss used. */
  record SessionRow(String eventCode, int session, String kind, String title1, String title2,
      String track, String light, String remainingClock, Long remainingMs, String remainingText,
      Long remainingAt, int resumed, Long fieldMedianMs, long pitLossMs, boolean pitLossMeasured,
      long startedAt, long lastAt) implements TableRow {

    @Override
    public Table table() {
      return Table.SESSIONS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, kind, title1, title2, track, light, remainingClock,
          remainingMs, remainingText, remainingAt, resumed, fieldMedianMs, pitLossMs,
          flag(pitLossMeasured), startedAt, lastAt);
    }
  }

  /** {@code teams}: a team as the grid shows it, with its stops and stints counted. */
  record TeamRow(String eventCode, int session, int rowId, String number, String name,
      String driver, Integer position, Integer laps, Long lastLapMs, Long bestLapMs,
      String gapKind, Long gapMs, Integer gapLaps, String gapText, String intervalKind,
      Long intervalMs, Integer intervalLaps, String intervalText, Integer pits, int pitVisits,
      boolean inPit, int stints, long lastAt) implements TableRow {

    @Override
    public Table table() {
      return Table.TEAMS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, rowId, number, name, driver, position, laps, lastLapMs,
          bestLapMs, gapKind, gapMs, gapLaps, gapText, intervalKind, intervalMs, intervalLaps,
          intervalText, pits, pitVisits, flag(inPit), stints, lastAt);
    }
  }

  /** {@code drivers}: a driver of a team, with the stints driven. */
  record DriverRow(String eventCode, int session, int rowId, String name, Long drivingTimeMs,
      int stints, long stintDrivingMs, long firstAt, long lastAt) implements TableRow {

    @Override
    public Table table() {
      return Table.DRIVERS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, rowId, name, drivingTimeMs, stints, stintDrivingMs, firstAt,
          lastAt);
    }
  }

  /** {@code laps}: a lap, its stint and verdict (a superseded lap has neither). */
  record LapRow(String eventCode, int session, int rowId, int lap, Long timeMs, String driver,
      Integer stint, String verdict, boolean clean, boolean yellow, Long fieldMs, boolean derived,
      boolean superseded, long at, String eventId) implements TableRow {

    @Override
    public Table table() {
      return Table.LAPS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, rowId, lap, timeMs, driver, stint, verdict, flag(clean),
          flag(yellow), fieldMs, flag(derived), flag(superseded), at, eventId);
    }
  }

  /** {@code pit_stops}: a visit to the pit lane. */
  record PitStopRow(String eventCode, int session, int rowId, int pit, boolean counted,
      boolean inferred, Integer lapIn, long inAt, Long outAt, Long durationMs, Long pitTimeMs,
      Long lossMs, Integer apexStop, boolean inHole, boolean lapInEstimated) implements TableRow {

    @Override
    public Table table() {
      return Table.PIT_STOPS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, rowId, pit, flag(counted), flag(inferred), lapIn, inAt, outAt,
          durationMs, pitTimeMs, lossMs, apexStop, flag(inHole), flag(lapInEstimated));
    }
  }

  /** {@code stints}: a stint as computed, with the kart model's score and label. */
  record StintRow(String eventCode, int session, int rowId, int stint, int startLap,
      Integer endLap, int laps, int timedLaps, int cleanLaps, String driver, Long startAt,
      Long endAt, Long drivingMs, Long bestMs, Long avgMs, int avgLaps, Long scoreMs,
      KartLabel label) implements TableRow {

    @Override
    public Table table() {
      return Table.STINTS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, rowId, stint, startLap, endLap, laps, timedLaps, cleanLaps,
          driver, startAt, endAt, drivingMs, bestMs, avgMs, avgLaps, scoreMs, label.name());
    }
  }

  /** {@code odds}: the chances of a good kart from the pit lane, now and after the next stops. */
  record OddsRow(String eventCode, int session, Double pNow, Double pNext, Double pAfterNext,
      double baseRate, int queueSize, String nextStoppers, long at) implements TableRow {

    @Override
    public Table table() {
      return Table.ODDS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, pNow, pNext, pAfterNext, baseRate, queueSize, nextStoppers,
          at);
    }
  }

  /** {@code standings}: a team's place once every team has made its mandatory stops. */
  record StandingRow(String eventCode, int session, int rowId, int position, Integer laps,
      Integer pits, boolean inPit, int owed, long gapMs, long estGapMs, int estPosition,
      int positionChange) implements TableRow {

    @Override
    public Table table() {
      return Table.STANDINGS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, rowId, position, laps, pits, flag(inPit), owed, gapMs,
          estGapMs, estPosition, positionChange);
    }
  }

  /** {@code lap_corrections}: race control changed a team's lap count. */
  record LapCorrectionRow(String eventCode, String eventId, int session, int rowId,
      Integer fromLaps, Integer toLaps, String reason, long at) implements TableRow {

    @Override
    public Table table() {
      return Table.LAP_CORRECTIONS;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, eventId, session, rowId, fromLaps, toLaps, reason, at);
    }
  }

  /** {@code pit_queue}: a kart waiting in the pit lane (the likeliest lane). */
  record PitQueueRow(String eventCode, int session, int pitRow, int position, Integer fromRowId,
      String fromNumber, Integer fromStint, KartLabel label, Long scoreMs, long since)
      implements TableRow {

    @Override
    public Table table() {
      return Table.PIT_QUEUE;
    }

    @Override
    public List<Object> values() {
      return row(eventCode, session, pitRow, position, fromRowId, fromNumber, fromStint,
          label.name(), scoreMs, since);
    }
  }
}
