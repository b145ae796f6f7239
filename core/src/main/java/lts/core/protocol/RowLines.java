package lts.core.protocol;

import lts.core.event.PositionChanged;

/**
 * A row's line: {@code rN|#|pos} (position), {@code rN|*in|} and {@code rN|*out|} (pit lane),
 * {@code rN|*...|} (crossing and sector animations: ignored) or a cell {@code rNcM|class|text}
 * for {@link RowCells}. Lines for a row or column the grid does not have are unparsed.
 */
final class RowLines {

  private final FeedEvents events;
  private final FeedCounters counters;
  private final RowCells cells;
  private final PitLane pitLane;
  private final DerivedLaps derivedLaps;

  RowLines(FeedEvents events, FeedCounters counters, RowCells cells, PitLane pitLane,
      DerivedLaps derivedLaps) {
    this.derivedLaps = derivedLaps;
    this.events = events;
    this.counters = counters;
    this.cells = cells;
    this.pitLane = pitLane;
  }

  /** Reads a row line ({@link FrameLine#isRowLine}) of the running session (null before any). */
  void read(Session s, FrameLine line) {
    String f = line.frame();
    int keyEnd = line.bar1();
    long rowId = 0;
    int i = line.start() + 1;
    while (i < keyEnd && FrameLine.isDigit(f.charAt(i)) && rowId <= Integer.MAX_VALUE) {
      rowId = rowId * 10 + (f.charAt(i) - '0');
      i++;
    }
    if (rowId > Integer.MAX_VALUE) {
      events.unparsed(Unparsed.UNKNOWN_ROW, s, line);
      return;
    }
    Competitor c = s == null ? null : s.find((int) rowId);
    if (i == keyEnd) {
      command(s, c, line);
      return;
    }
    int column = f.charAt(i) == 'c' ? TimeText.parseCount(f, i + 1, keyEnd) : -1;
    if (column < 0) {
      events.unparsed(Unparsed.UNKNOWN_KEY, s, line);
      return;
    }
    if (c == null) {
      events.unparsed(Unparsed.UNKNOWN_ROW, s, line);
      return;
    }
    ColumnType type = s.columns().type(column);
    if (type == null) {
      events.unparsed(Unparsed.UNKNOWN_COLUMN, s, line);
      return;
    }
    cells.read(s, c, type, line);
  }

  private void command(Session s, Competitor c, FrameLine line) {
    if (line.paramIs("#")) {
      if (c == null) {
        events.unparsed(Unparsed.UNKNOWN_ROW, s, line);
        return;
      }
      int pos = line.valueCount();
      if (pos < 0) {
        events.unparsed(Unparsed.BAD_VALUE, s, line);
      } else if (pos != c.position) {
        c.position = pos;
        events.emit(s, (id, feed, n, at) -> new PositionChanged(id, feed, n, at, c.rowId, pos));
      }
      return;
    }
    if (!line.paramStartsWith('*')) {
      events.unparsed(Unparsed.UNKNOWN_KEY, s, line);
      return;
    }
    boolean in = line.paramIs("*in");
    if (in || line.paramIs("*out")) {
      if (c == null) {
        events.unparsed(Unparsed.UNKNOWN_ROW, s, line);
      } else if (in) {
        pitLane.pitIn(s, c);
      } else {
        pitLane.pitOutLine(s, c);
      }
      return;
    }
    if (c != null && line.paramIs("*") && derivedLaps.resentLapCrossed(s, c)) {
      return;
    }
    // rX|*|MS|MS2 crossings and rX|*i1|, rX|*i2| intermediates: animation hints only
    counters.lineIgnored();
  }
}
