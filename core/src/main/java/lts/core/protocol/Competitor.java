package lts.core.protocol;

import lts.core.event.Gap;
import lts.core.standings.TeamStanding;

/**
 * One grid row as the engine knows it: what the row last showed (to emit only changes) and the
 * half of a lap that may wait for its other half ({@link LapPairing}).
 */
final class Competitor {

  /** Whether the row is in the pit lane; unknown until the feed said. */
  enum Pit { UNKNOWN, IN, OUT }

  /** {@link #pendingTimeMs} when no lap time waits for its lap count. */
  static final long NO_TIME = Long.MIN_VALUE;

  final int rowId;
  String number;
  String name;
  String nameRaw;
  boolean nameCellShowsDriver;
  String driver;
  String driverText;
  long driverMinutes = -1;
  int position = -1;
  int laps = -1;
  String lastText = "";
  long lastMs = -1;
  long bestMs = -1;
  int pits = -1;
  String gapText = "";
  Gap gap = Gap.NONE;
  String intervalText = "";
  Pit pit = Pit.UNKNOWN;
  /** Its last crossings of the line, for the time gaps of the rows behind. */
  final Crossings crossings = new Crossings();
  /** A time interval and a time gap shown in the frame being read, checked at its end; -1: none. */
  long intervalToCheck = -1;
  long gapToCheck = -1;
  /** The frame in which the last-lap cell was sent again with the same time; -1: none. */
  long lastLapResentInFrame = -1;
  /**
   * The derived count is an estimate (laps done in a hole of the feed), until a gap confirms or
   * corrects it.
   */
  boolean lapsEstimated;
  /** When the derived count was last known or estimated (race instant); MIN_VALUE: never. */
  long countAt = Long.MIN_VALUE;
  /** The frame in which a gap last corrected the derived count; -1: none. */
  long lapsCorrectedInFrame = -1;
  long pitClockMs = -1;
  /** What the pit clock showed when the row last left the lane; -1: unknown. */
  long lastPitClockMs = -1;
  boolean pending;
  int pendingLap = -1;
  long pendingLapSince;
  long pendingTimeMs = NO_TIME;
  long pendingTimeSince;

  Competitor(int rowId) {
    this.rowId = rowId;
  }

  /** What the row shows now; unknown values are null. */
  TeamStanding standing() {
    return new TeamStanding(rowId, number, name, driver, position < 0 ? null : position,
        laps < 0 ? null : laps, lastMs < 0 ? null : lastMs, bestMs < 0 ? null : bestMs,
        pits < 0 ? null : pits, pit == Pit.IN);
  }
}
