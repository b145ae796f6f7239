package lts.core.protocol;

import lts.core.event.BestLap;
import lts.core.event.Gap;
import lts.core.event.GapChanged;
import lts.core.event.IntervalChanged;

/**
 * A row's cell line {@code rNcM|class|text}, by what its column shows: an event when the value
 * changes, nothing when only the class did. Columns kept for display only are counted as ignored.
 */
final class RowCells {

  private final FeedEvents events;
  private final FeedCounters counters;
  private final CompetitorNames names;
  private final LapPairing laps;
  private final DerivedLaps derivedLaps;
  private final PitLane pitLane;

  RowCells(FeedEvents events, FeedCounters counters, CompetitorNames names, LapPairing laps,
      DerivedLaps derivedLaps, PitLane pitLane) {
    this.events = events;
    this.counters = counters;
    this.names = names;
    this.laps = laps;
    this.derivedLaps = derivedLaps;
    this.pitLane = pitLane;
  }

  void read(Session s, Competitor c, ColumnType type, FrameLine line) {
    switch (type) {
      case NAME -> names.nameCell(s, c, line);
      case NUMBER -> names.numberCell(s, c, line);
      case LAPS -> laps.lapsCell(s, c, line);
      case LAST_LAP -> laps.lastLapCell(s, c, line);
      case BEST_LAP -> bestLap(s, c, line);
      case GAP -> gap(s, c, line);
      case INTERVAL -> interval(s, c, line);
      case PIT_CLOCK -> pitLane.clockCell(c, line);
      case PITS -> pitLane.pitsCell(s, c, line);
      // rank (mirrors rX|#|), status, group, nationality, sectors, penalty: display only
      default -> counters.lineIgnored();
    }
  }

  private void bestLap(Session s, Competitor c, FrameLine line) {
    long ms = line.valueMs();
    if (ms != c.bestMs) {
      c.bestMs = ms;
      Long best = ms < 0 ? null : ms;
      events.emit(s, (id, feed, n, at) -> new BestLap(id, feed, n, at, c.rowId, best));
    }
  }

  /** The gap to the leader; also checks lap counts against it (every time when derived). */
  private void gap(Session s, Competitor c, FrameLine line) {
    boolean changed = !line.valueIs(c.gapText);
    if (changed) {
      c.gapText = line.value();
      c.gap = GapText.parse(c.gapText);
      events.emit(s, (id, feed, n, at) -> new GapChanged(id, feed, n, at, c.rowId, c.gap));
    }
    if (changed || !s.hasLapsColumn()) {
      derivedLaps.crossCheck(s, c, c.gap);
    }
  }

  /** The interval to the row ahead; also checks lap counts against it. */
  private void interval(Session s, Competitor c, FrameLine line) {
    if (!line.valueIs(c.intervalText)) {
      c.intervalText = line.value();
      Gap interval = GapText.parse(c.intervalText);
      events.emit(s, (id, feed, n, at) -> new IntervalChanged(id, feed, n, at, c.rowId,
          interval));
      derivedLaps.interval(c, interval);
    } else if (!s.hasLapsColumn()) {
      derivedLaps.interval(c, GapText.parse(c.intervalText));
    }
  }
}
