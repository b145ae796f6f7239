package lts.core.protocol;

import lts.core.event.LapCompleted;
import lts.core.event.LapCountCorrected;
import lts.core.event.LastLapShown;

/**
 * Pairs the two halves of a lap. Apex updates a row's laps cell ({@code tlp}) and last-lap cell
 * ({@code llp}) in either order, sometimes in separate frames: the first half waits on the row
 * for the other, and the pair becomes one {@link LapCompleted}. A half left alone for
 * {@value ApexEngine#PENDING_TIMEOUT_MS} ms of feed time, or when the session ends or is
 * re-sent, is emitted on its own: a lap without time, or a {@link LastLapShown}.
 */
final class LapPairing {

  private final FeedEvents events;
  private final FeedCounters counters;
  private final DerivedLaps derived;

  LapPairing(FeedEvents events, FeedCounters counters, DerivedLaps derived) {
    this.events = events;
    this.counters = counters;
    this.derived = derived;
  }

  /** The laps cell: one more lap waits for (or meets) its time; any other count is a correction. */
  void lapsCell(Session s, Competitor c, FrameLine line) {
    int laps = line.valueCount();
    if (laps < 0) {
      if (line.hasValue()) {
        events.unparsed(Unparsed.BAD_VALUE, s, line);
      } else if (c.laps >= 0) {
        flush(s, c);
        Integer from = c.laps;
        c.laps = -1;
        c.crossings.recount(-1);
        events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, from,
            null, "feed"));
      }
      return;
    }
    if (laps == c.laps) {
      return;
    }
    if (laps == c.laps + 1 || (c.laps < 0 && laps == 1)) {
      c.laps = laps;
      if (c.pendingTimeMs != Competitor.NO_TIME) {
        long ms = c.pendingTimeMs;
        clearPendingTime(s, c);
        c.crossings.lastEnded(laps);
        lapCompleted(s, c, laps, ms);
      } else {
        if (c.pendingLap >= 0) {
          flushPendingLap(s, c);
        }
        c.pendingLap = laps;
        c.pendingLapSince = events.at();
        markPending(s, c);
      }
      return;
    }
    flush(s, c);
    Integer from = c.laps < 0 ? null : c.laps;
    c.laps = laps;
    c.crossings.recount(laps);
    events.emit(s, (id, feed, n, at) -> new LapCountCorrected(id, feed, n, at, c.rowId, from,
        laps, "feed"));
  }

  /** The last-lap cell: a time meets (or waits for) its lap; a blank one is shown as such. */
  void lastLapCell(Session s, Competitor c, FrameLine line) {
    if (line.valueIs(c.lastText)) {
      // same time: only its class changed (personal / overall best moved), or, with the row's
      // crossing line in the same frame, a lap as fast as the one before to the millisecond
      derived.lastLapResent(c);
      return;
    }
    c.lastText = line.value();
    long ms = line.valueMs();
    c.lastMs = ms;
    if (ms < 0) {
      flush(s, c);
      events.emit(s, (id, feed, n, at) -> new LastLapShown(id, feed, n, at, c.rowId, null));
      return;
    }
    if (!s.hasLapsColumn()) {
      derived.lastLap(s, c, ms);
      return;
    }
    if (c.pendingLap >= 0) {
      int lap = c.pendingLap;
      clearPendingLap(s, c);
      c.crossings.add(events.at(), lap);
      lapCompleted(s, c, lap, ms);
      return;
    }
    if (c.pendingTimeMs != Competitor.NO_TIME) {
      flushPendingTime(s, c);
    }
    c.crossings.add(events.at(), c.laps < 0 ? -1 : c.laps + 1);
    c.pendingTimeMs = ms;
    c.pendingTimeSince = events.at();
    markPending(s, c);
  }

  /** Emits the halves that waited {@value ApexEngine#PENDING_TIMEOUT_MS} ms or more. */
  void flushExpired(Session s) {
    long now = events.at();
    for (int i = 0; i < s.size() && s.pendingRows > 0; i++) {
      Competitor c = s.competitor(i);
      if (c.pendingLap >= 0 && now - c.pendingLapSince >= ApexEngine.PENDING_TIMEOUT_MS) {
        flushPendingLap(s, c);
      }
      if (c.pendingTimeMs != Competitor.NO_TIME
          && now - c.pendingTimeSince >= ApexEngine.PENDING_TIMEOUT_MS) {
        flushPendingTime(s, c);
      }
    }
  }

  /** Emits every half still waiting in the session. */
  void flushAll(Session s) {
    for (int i = 0; i < s.size() && s.pendingRows > 0; i++) {
      flush(s, s.competitor(i));
    }
  }

  private void lapCompleted(Session s, Competitor c, int lap, long ms) {
    events.emit(s, (id, feed, n, at) -> new LapCompleted(id, feed, n, at, c.rowId, lap, ms,
        c.driver, false));
  }

  private void flush(Session s, Competitor c) {
    if (c.pendingLap >= 0) {
      flushPendingLap(s, c);
    }
    if (c.pendingTimeMs != Competitor.NO_TIME) {
      flushPendingTime(s, c);
    }
  }

  private void flushPendingLap(Session s, Competitor c) {
    int lap = c.pendingLap;
    clearPendingLap(s, c);
    c.crossings.add(c.pendingLapSince, lap);
    counters.lapWithoutTime();
    events.emit(s, (id, feed, n, at) -> new LapCompleted(id, feed, n, at, c.rowId, lap, null,
        c.driver, false));
  }

  private void flushPendingTime(Session s, Competitor c) {
    long ms = c.pendingTimeMs;
    clearPendingTime(s, c);
    events.emit(s, (id, feed, n, at) -> new LastLapShown(id, feed, n, at, c.rowId, ms));
  }

  private void markPending(Session s, Competitor c) {
    if (!c.pending) {
      c.pending = true;
      s.pendingRows++;
    }
  }

  private void clearPendingLap(Session s, Competitor c) {
    c.pendingLap = -1;
    unmarkIfIdle(s, c);
  }

  private void clearPendingTime(Session s, Competitor c) {
    c.pendingTimeMs = Competitor.NO_TIME;
    unmarkIfIdle(s, c);
  }

  private void unmarkIfIdle(Session s, Competitor c) {
    if (c.pending && c.pendingLap < 0 && c.pendingTimeMs == Competitor.NO_TIME) {
      c.pending = false;
      s.pendingRows--;
    }
  }
}
