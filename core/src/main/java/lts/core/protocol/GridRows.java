package lts.core.protocol;

import java.util.Map;
import lts.core.event.BestLap;
import lts.core.event.GapChanged;
import lts.core.event.IntervalChanged;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;
import lts.core.event.PositionChanged;

/**
 * A grid snapshot applied to the running session: the header becomes its layout, every row is
 * added or updated, and what changed is emitted (lap counts as {@link LapCountCorrected} with the
 * snapshot's reason). A snapshot adds rows, it never removes one.
 */
final class GridRows {

  private final FeedEvents events;
  private final CompetitorNames names;
  private final PitLane pitLane;
  private final DerivedLaps derivedLaps;

  GridRows(FeedEvents events, CompetitorNames names, PitLane pitLane, DerivedLaps derivedLaps) {
    this.events = events;
    this.derivedLaps = derivedLaps;
    this.names = names;
    this.pitLane = pitLane;
  }

  /** Applies {@code grid} (if any) to {@code s}; {@code reason} is {@code snapshot} or {@code resnapshot}. */
  void apply(Session s, Grid grid, String reason) {
    if (grid == null) {
      return;
    }
    s.setColumns(grid.columns());
    GridColumns columns = s.columns();
    boolean fromZero = DerivedLaps.startsAtZero(s, grid);
    for (Grid.Row row : grid.rows()) {
      Competitor c = s.find(row.rowId());
      boolean isNew = c == null;
      if (isNew) {
        c = s.add(row.rowId());
      }
      Map<Integer, Grid.Cell> cells = row.cells();
      names.snapshotRow(s, c, isNew, text(cells, columns, ColumnType.NUMBER),
          cells.get(columns.numberOf(ColumnType.NAME)));
      position(s, c, row.position());
      laps(s, c, text(cells, columns, ColumnType.LAPS), isNew && fromZero, reason);
      lastLap(s, c, text(cells, columns, ColumnType.LAST_LAP), isNew);
      bestLap(s, c, text(cells, columns, ColumnType.BEST_LAP));
      gap(s, c, text(cells, columns, ColumnType.GAP));
      interval(s, c, text(cells, columns, ColumnType.INTERVAL));
      String pits = text(cells, columns, ColumnType.PITS);
      boolean pitsRose = pits != null && pitLane.snapshotPits(s, c, pits);
      Grid.Cell clock = cells.get(columns.numberOf(ColumnType.PIT_CLOCK));
      if (clock != null) {
        pitLane.snapshotClock(s, c, clock, pitsRose);
      }
    }
  }

  private void position(Session s, Competitor c, int position) {
    if (position >= 0 && position != c.position) {
      c.position = position;
      events.emit(s, (id, feed, n, at) -> new PositionChanged(id, feed, n, at, c.rowId, position));
    }
  }

  /** The laps cell; without a laps column, a new row of a fresh session starts at lap 0. */
  private void laps(Session s, Competitor c, String text, boolean startAtZero, String reason) {
    if (s.hasLapsColumn()) {
      String t = text == null ? "" : text;
      int laps = TimeText.parseCount(t, 0, t.length());
      if (laps >= 0 && laps != c.laps) {
        Integer from = c.laps < 0 ? null : c.laps;
        c.laps = laps;
        c.crossings.recount(laps);
        events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, from,
            laps, reason));
      }
    } else if (startAtZero) {
      c.laps = 0;
      events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, null, 0,
          reason));
    }
  }

  /**
   * The last lap shown; a new row with a blank one emits nothing. Without a laps column, a new
   * time in a re-sent grid means laps were done while the feed was away ({@link
   * DerivedLaps#doneInAHole}).
   */
  private void lastLap(Session s, Competitor c, String last, boolean isNew) {
    if (last != null && !last.equals(c.lastText)) {
      c.lastText = last;
      long ms = TimeText.parseMs(last);
      c.lastMs = ms;
      if (!isNew && !s.hasLapsColumn() && ms > 0 && c.laps >= 0) {
        derivedLaps.doneInAHole(s, c, ms);
      }
      if (!(isNew && ms < 0)) {
        Long shown = ms < 0 ? null : ms;
        events.emit(s, (id, feed, n, at) -> new LastLapShown(id, feed, n, at, c.rowId, shown));
      }
    }
  }

  private void bestLap(Session s, Competitor c, String best) {
    if (best != null) {
      long ms = TimeText.parseMs(best);
      if (ms != c.bestMs) {
        c.bestMs = ms;
        Long shown = ms < 0 ? null : ms;
        events.emit(s, (id, feed, n, at) -> new BestLap(id, feed, n, at, c.rowId, shown));
      }
    }
  }

  private void gap(Session s, Competitor c, String gap) {
    if (gap != null && !gap.equals(c.gapText)) {
      c.gapText = gap;
      c.gap = GapText.parse(gap);
      events.emit(s, (id, feed, n, at) -> new GapChanged(id, feed, n, at, c.rowId, c.gap));
    }
  }

  private void interval(Session s, Competitor c, String interval) {
    if (interval != null && !interval.equals(c.intervalText)) {
      c.intervalText = interval;
      events.emit(s, (id, feed, n, at) -> new IntervalChanged(id, feed, n, at, c.rowId,
          GapText.parse(interval)));
    }
  }

  /** The text of the first column showing {@code type}, or null (no such column or cell). */
  private static String text(Map<Integer, Grid.Cell> cells, GridColumns columns, ColumnType type) {
    int column = columns.numberOf(type);
    if (column < 0) {
      return null;
    }
    Grid.Cell cell = cells.get(column);
    return cell == null ? null : cell.text();
  }
}
