package lts.core.protocol;

import lts.core.event.PitCountChanged;
import lts.core.event.PitIn;
import lts.core.event.PitOut;

/**
 * A row's pit stops: in and out of the pit lane ({@code rN|*in|}, {@code rN|*out|}, or the pit
 * clock cell's class in a snapshot), the time shown while in the lane, and the pit count.
 */
final class PitLane {

  private final FeedEvents events;

  PitLane(FeedEvents events) {
    this.events = events;
  }

  /** {@code rN|*in|}: the row enters the pit lane (its pit clock restarts). */
  void pitIn(Session s, Competitor c) {
    if (c.pit != Competitor.Pit.IN) {
      c.pit = Competitor.Pit.IN;
      c.pitClockMs = -1;
      events.emit(s, (id, feed, n, at) -> new PitIn(id, feed, n, at, c.rowId));
    }
  }

  /** {@code rN|*out|}: the row leaves the pit lane. */
  void pitOutLine(Session s, Competitor c) {
    if (c.pit != Competitor.Pit.OUT) {
      pitOut(s, c);
    }
  }

  /** The pit clock cell {@code rNcM|to|time}: the time spent in the lane so far. */
  void clockCell(Competitor c, FrameLine line) {
    if (line.paramIs("to")) {
      c.pitClockMs = line.valueMs();
      if (c.pit == Competitor.Pit.IN) {
        events.pitClockShown(c.rowId, c.pitClockMs);
      }
    }
  }

  /** The pits cell: a count, or blank (no count shown). */
  void pitsCell(Session s, Competitor c, FrameLine line) {
    int pits = line.valueCount();
    if (pits < 0) {
      if (line.hasValue()) {
        events.unparsed(Unparsed.BAD_VALUE, s, line);
      } else if (c.pits >= 0) {
        c.pits = -1;
        events.emit(s, (id, feed, n, at) -> new PitCountChanged(id, feed, n, at, c.rowId, null));
      }
    } else if (pits != c.pits) {
      c.pits = pits;
      events.emit(s, (id, feed, n, at) -> new PitCountChanged(id, feed, n, at, c.rowId, pits));
    }
  }

  /**
   * A snapshot's pit clock cell: class {@code to} while the row is in the lane, and also for a
   * while after it left (until its next crossing), showing the time of the stop it made. So a
   * row seen leaving enters the lane again only with other evidence: its pit count went up in the
   * snapshot ({@code pitsRose}), or the clock shows another time than when it left. A stale clock
   * taken for a new stop would swallow the team's next real one.
   */
  void snapshotClock(Session s, Competitor c, Grid.Cell clock, boolean pitsRose) {
    if ("to".equals(clock.cssClass())) {
      long ms = TimeText.parseMs(clock.text());
      if (c.pit == Competitor.Pit.OUT && !pitsRose && ms == c.lastPitClockMs) {
        return; // the clock of the stop it has left
      }
      c.pitClockMs = ms;
      if (c.pit != Competitor.Pit.IN) {
        c.pit = Competitor.Pit.IN;
        events.emit(s, (id, feed, n, at) -> new PitIn(id, feed, n, at, c.rowId));
      }
    } else if (c.pit == Competitor.Pit.IN) {
      pitOut(s, c);
    } else {
      c.pit = Competitor.Pit.OUT;
    }
  }

  /**
   * A snapshot's pits cell: a count (a blank or unreadable one changes nothing). Returns whether
   * it went up from a count known before.
   */
  boolean snapshotPits(Session s, Competitor c, String text) {
    int pits = TimeText.parseCount(text, 0, text.length());
    boolean rose = c.pits >= 0 && pits > c.pits;
    if (pits >= 0 && pits != c.pits) {
      c.pits = pits;
      events.emit(s, (id, feed, n, at) -> new PitCountChanged(id, feed, n, at, c.rowId, pits));
    }
    return rose;
  }

  private void pitOut(Session s, Competitor c) {
    c.pit = Competitor.Pit.OUT;
    Long clock = c.pitClockMs < 0 ? null : c.pitClockMs;
    c.lastPitClockMs = c.pitClockMs;
    c.pitClockMs = -1;
    Long inAt = events.laneStartedAt(c.rowId);
    events.emit(s, (id, feed, n, at) -> new PitOut(id, feed, n, at, c.rowId, clock, inAt));
  }
}
