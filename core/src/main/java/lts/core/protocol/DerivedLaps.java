package lts.core.protocol;

import lts.core.event.Gap;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;

/**
 * Lap counts of sessions without a laps column: a new last-lap time is one more lap, re-anchored
 * on the leader's gap text ({@code Tour N}) and on the lap gaps of the others (docs/LAPS.md). With
 * a laps column the leader's gap is only checked against its count.
 */
final class DerivedLaps {

  private final FeedEvents events;
  private final FeedCounters counters;

  DerivedLaps(FeedEvents events, FeedCounters counters) {
    this.events = events;
    this.counters = counters;
  }

  /**
   * Whether a snapshot of a session without a laps column starts every new row at lap 0: true
   * unless some row already shows a last lap (the session was running before we joined).
   */
  static boolean startsAtZero(Session s, Grid grid) {
    if (s.hasLapsColumn()) {
      return false;
    }
    int lastCol = s.columns().numberOf(ColumnType.LAST_LAP);
    if (lastCol >= 0) {
      for (Grid.Row row : grid.rows()) {
        Grid.Cell cell = row.cells().get(lastCol);
        if (cell != null && !cell.text().isBlank()) {
          return false;
        }
      }
    }
    return true;
  }

  /** A new last-lap time {@code ms} (>= 0): one more lap once the count is known. */
  void lastLap(Session s, Competitor c, long ms) {
    if (c.laps >= 0) {
      c.laps++;
      int lap = c.laps;
      events.emit(s, (id, feed, n, at) -> new LapCompleted(id, feed, n, at, c.rowId, lap, ms,
          c.driver, true));
    } else {
      events.emit(s, (id, feed, n, at) -> new LastLapShown(id, feed, n, at, c.rowId, ms));
    }
  }

  /** Leader's {@code Tour N} and the lap gaps of the others: check, and anchor derived counts. */
  void crossCheck(Session s, Competitor c, Gap gap) {
    if (gap.kind() == Gap.Kind.LEADER) {
      int laps = gap.laps();
      s.leaderLaps = laps;
      counters.leaderGapChecked(c.laps == laps);
      if (c.laps != laps && !s.hasLapsColumn()) {
        correct(s, c, laps, "leader_gap");
      }
      return;
    }
    if (s.hasLapsColumn() || s.leaderLaps < 0) {
      return;
    }
    int behind;
    if (gap.kind() == Gap.Kind.LAPS) {
      behind = gap.laps();
    } else if (gap.kind() == Gap.Kind.TIME) {
      behind = 0;
    } else {
      return;
    }
    // when a row's gap updates, it is 'behind' laps (or one more) down on the leader
    int hi = s.leaderLaps - behind;
    int lo = hi - 1;
    if (hi < 0) {
      return;
    }
    if (c.laps < 0 || c.laps > hi) {
      correct(s, c, hi, "gap_check");
    } else if (c.laps < lo) {
      correct(s, c, Math.max(lo, 0), "gap_check");
    }
  }

  private void correct(Session s, Competitor c, int laps, String reason) {
    counters.derivedLapCorrected();
    Integer from = c.laps < 0 ? null : c.laps;
    c.laps = laps;
    events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, from,
        laps, reason));
  }
}
