package lts.core.protocol;

import java.util.ArrayList;
import java.util.List;
import lts.core.event.Gap;
import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.SessionKind;

/**
 * Lap counts of sessions without a laps column: a new last-lap time is one more lap, re-anchored
 * on the leader's gap text ({@code Tour N}), on the lap gaps of the others and on their time gaps
 * read against the crossings of the row they are measured from (docs/LAPS.md). With a laps column
 * the gaps are only checked against the counts.
 */
final class DerivedLaps {

  /** A crossing further than this from where a time gap puts it is not the one the gap means. */
  static final long MAX_OFF_MS = 20_000;

  /**
   * Time gaps whose reading as a time to the leader the intervals contradicted, after which a
   * session's time gaps are not read so any more.
   */
  static final int GAP_CONTRADICTIONS = 3;

  private final FeedEvents events;
  private final FeedCounters counters;
  /** The rows whose interval or gap the frame being read showed as a time. */
  private final List<Competitor> rowsToCheck = new ArrayList<>();

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
    crossed(c);
  }

  /** The row crossed the line now: an estimated count is no reference for the rows behind. */
  private void crossed(Competitor c) {
    c.crossings.add(events.at(), c.lapsEstimated ? -1 : c.laps);
    c.countAt = events.at();
  }

  /**
   * A re-sent grid shows row {@code c} with a new last lap of {@code ms}: it did laps while the
   * feed was away, as many as fit at that pace since its count was last known (less the time it
   * was seen in the lane), at least one. The count is an estimate ({@code reason: estimate}), its
   * crossings before the hole forgotten, until a gap anchors it ({@code reason: anchored}).
   */
  void doneInAHole(Session s, Competitor c, long ms) {
    long away = c.countAt == Long.MIN_VALUE ? 0 : events.at() - c.countAt;
    if (c.pit == Competitor.Pit.IN && c.pitClockMs > 0) {
      away -= c.pitClockMs; // it spent that long in the lane at least, not lapping
    }
    int from = c.laps;
    int to = from + (int) Math.max(1, Math.min(away / ms, 1_000));
    c.laps = to;
    c.lapsEstimated = true;
    c.countAt = events.at();
    c.crossings.clear();
    events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, from,
        to, "estimate"));
  }

  /** The last-lap cell was sent again with the same time in the frame being read. */
  void lastLapResent(Competitor c) {
    c.lastLapResentInFrame = events.frame();
  }

  /**
   * The row's crossing line ({@code rX|*|…}): in a session without a laps column, with the last lap
   * sent again with the same time in the same frame, it is a lap as fast as the one before to the
   * millisecond (seen 3 times in the Cap Karting race, as often as chance makes such laps). Returns
   * whether it was taken as a lap.
   */
  boolean resentLapCrossed(Session s, Competitor c) {
    if (s == null || s.hasLapsColumn() || c.lastLapResentInFrame != events.frame()
        || c.lastMs < 0) {
      return false;
    }
    c.lastLapResentInFrame = -1;
    if (c.lapsCorrectedInFrame == events.frame()) {
      crossed(c); // the row's gap, read before this line, already put the count on this lap
    } else {
      lastLap(s, c, c.lastMs);
    }
    return true;
  }

  /**
   * The gap cells: the leader's {@code Tour N}, {@code k Tours} of a row laps down, a time to the
   * row the gap is measured from. Checked against the counts; derived counts are anchored on them.
   */
  void crossCheck(Session s, Competitor c, Gap gap) {
    switch (gap.kind()) {
      case LEADER -> leader(s, c, gap.laps());
      case LAPS -> lapsDown(s, c, gap.laps());
      case TIME -> timeGap(c, gap.ms());
      default -> {
        // no gap, or a text that says nothing of laps
      }
    }
  }

  private void leader(Session s, Competitor c, int laps) {
    s.leaderLaps = laps;
    counters.leaderGapChecked(c.laps == laps);
    if (c.laps != laps && !s.hasLapsColumn()) {
      correct(s, c, laps, "leader_gap");
    } else {
      anchored(s, c);
    }
  }

  /** When a row's gap updates to {@code k} laps, it is {@code k} laps (or one more) down. */
  private void lapsDown(Session s, Competitor c, int behind) {
    if (s.hasLapsColumn() || s.leaderLaps < 0) {
      return;
    }
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

  /**
   * A time gap of {@code ms} to the leader: the row crossed the line {@code ms} after the leader
   * crossed it, so it ended the lap the leader had then ended, whatever the number of laps between
   * them (on some tracks a time to the leader stands for laps down: docs/LAPS.md). Read at the end
   * of the frame ({@link #endFrame}).
   */
  private void timeGap(Competitor c, long ms) {
    if (!c.crossings.isEmpty()) {
      c.gapToCheck = ms;
      toCheck(c);
    }
  }

  /**
   * A time interval: the row crossed the line that long after the row ahead of it crossed it on
   * the same lap. Read at the end of the frame, once the positions it moved are known.
   */
  void interval(Competitor c, Gap interval) {
    if (interval.kind() == Gap.Kind.TIME && !c.crossings.isEmpty()) {
      c.intervalToCheck = interval.ms();
      toCheck(c);
    }
  }

  private void toCheck(Competitor c) {
    if (!rowsToCheck.contains(c)) {
      rowsToCheck.add(c);
    }
  }

  /**
   * Checks the time intervals and gaps the frame showed in a race against the crossings of the
   * rows they are measured from. The interval (to the row ahead) comes first; a time gap is read as a time to the
   * leader only where no row above shows laps down (then the time may be to the head of the row's
   * lap group) and only while the session's intervals do not contradict that reading.
   */
  void endFrame(Session s) {
    // in practice and qualifying, gaps and intervals compare best laps, not crossings
    if (s != null && s.kind == SessionKind.RACE) {
      for (Competitor c : rowsToCheck) {
        if (s.find(c.rowId) == c) {
          endFrame(s, c);
        }
        c.intervalToCheck = -1;
        c.gapToCheck = -1;
      }
    }
    rowsToCheck.clear();
  }

  private void endFrame(Session s, Competitor c) {
    Competitor ahead = c.position > 1 ? at(s, c.position - 1) : null;
    int byInterval = c.intervalToCheck < 0 || ahead == null || ahead == c ? -1
        : lapsAfter(c, ahead, c.intervalToCheck);
    Competitor leader = leader(s);
    int byGap = c.gapToCheck < 0 || leader == null || leader == c || lapsDownAbove(s, c) ? -1
        : lapsAfter(c, leader, c.gapToCheck);
    if (byInterval >= 0 && byGap >= 0 && byInterval != byGap) {
      s.gapsNotToLeader++;
    }
    if (byInterval >= 0) {
      check(s, c, byInterval, "interval");
    } else if (byGap >= 0 && s.gapsNotToLeader < GAP_CONTRADICTIONS) {
      check(s, c, byGap, "gap_time");
    }
  }

  /**
   * The lap count ended by the crossing of {@code from} that {@code c}'s last crossing came
   * {@code ms} after; -1 when {@code from}'s crossings do not say.
   */
  private static int lapsAfter(Competitor c, Competitor from, long ms) {
    Crossings.Crossing hit = from.crossings.near(c.crossings.lastAt() - ms, MAX_OFF_MS);
    return hit == null ? -1 : hit.lapsAfter();
  }

  private void check(Session s, Competitor c, int laps, String reason) {
    counters.timeGapChecked(c.laps == laps);
    if (c.laps != laps && !s.hasLapsColumn()) {
      correct(s, c, laps, reason);
    } else {
      anchored(s, c);
    }
  }

  /**
   * An estimated count (after a hole) that a gap has just confirmed: it is known again, said with
   * a correction to the same count ({@code reason: anchored}).
   */
  private void anchored(Session s, Competitor c) {
    if (c.lapsEstimated) {
      c.lapsEstimated = false;
      c.crossings.recount(c.laps);
      int laps = c.laps;
      events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, laps,
          laps, "anchored"));
    }
  }

  /** Some row above {@code c} shows laps down: the page's time gaps may be to lap-group heads. */
  private static boolean lapsDownAbove(Session s, Competitor c) {
    for (int i = 0; i < s.size(); i++) {
      Competitor o = s.competitor(i);
      if (o.gap.kind() == Gap.Kind.LAPS && o.position > 0
          && (c.position <= 0 || o.position < c.position)) {
        return true;
      }
    }
    return false;
  }

  /** The row at {@code position}, or null. */
  private static Competitor at(Session s, int position) {
    for (int i = 0; i < s.size(); i++) {
      if (s.competitor(i).position == position) {
        return s.competitor(i);
      }
    }
    return null;
  }

  /** The row showing the leader's {@code Tour N} (the best placed if several still do), or null. */
  private static Competitor leader(Session s) {
    Competitor leader = null;
    for (int i = 0; i < s.size(); i++) {
      Competitor o = s.competitor(i);
      if (o.gap.kind() == Gap.Kind.LEADER
          && (leader == null || (o.position > 0 && o.position < leader.position))) {
        leader = o;
      }
    }
    return leader;
  }

  private void correct(Session s, Competitor c, int laps, String reason) {
    counters.derivedLapCorrected();
    Integer from = c.laps < 0 ? null : c.laps;
    c.laps = laps;
    c.lapsEstimated = false;
    c.lapsCorrectedInFrame = events.frame();
    c.crossings.recount(laps);
    events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, from,
        laps, reason));
  }
}
