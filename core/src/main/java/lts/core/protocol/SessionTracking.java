package lts.core.protocol;

import lts.core.event.RemainingTime;
import lts.core.event.SessionKind;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;

/**
 * Which session of the feed is running. An {@code init} line opens a {@link Snapshot} that
 * collects what follows (titles, light, clock, messages, the grid) until the grid arrives or the
 * frame ends; it then resolves to a new session, or resumes the last real session when it is the
 * same one re-sent (same kind and titles, mostly the same rows). A grid outside an init frame is a
 * re-snapshot of what runs. Whatever waited for its other half is emitted before.
 */
final class SessionTracking {

  private final FeedEvents events;
  private final LapPairing laps;
  private final GridRows gridRows;
  private final RaceControl raceControl;

  private int sessions;
  private Session current;
  private Session lastReal;
  private Snapshot snapshot;

  SessionTracking(FeedEvents events, LapPairing laps, GridRows gridRows, RaceControl raceControl) {
    this.events = events;
    this.laps = laps;
    this.gridRows = gridRows;
    this.raceControl = raceControl;
  }

  /** The running session, null before the feed announced any. */
  Session current() {
    return current;
  }

  /** The snapshot an {@code init} opened and no grid closed yet, or null. */
  Snapshot snapshot() {
    return snapshot;
  }

  /** {@code init|kind|}: resolves a snapshot still open, and opens another. */
  void init(SessionKind kind) {
    resolvePending();
    snapshot = new Snapshot(kind);
  }

  /** {@code grid||html}: closes the open snapshot (or a re-snapshot of what runs) with it. */
  void grid(String html) {
    Grid grid = GridHtml.parse(html);
    if (!grid.complete() || grid.columns().isEmpty()) {
      events.unparsed(Unparsed.BAD_GRID, current, html);
      if (grid.columns().isEmpty()) {
        return;
      }
    }
    if (snapshot == null) {
      snapshot = Snapshot.of(current);
    }
    snapshot.grid = grid;
    resolve();
  }

  /** End of a frame: an open snapshot resolves without a grid. */
  void resolvePending() {
    if (snapshot != null) {
      resolve();
    }
  }

  private void resolve() {
    Snapshot s = snapshot;
    snapshot = null;
    events.snapshot();
    if (current != null) {
      laps.flushAll(current);
    }
    boolean empty = s.grid == null || s.grid.rows().isEmpty();
    if (s.kind == SessionKind.NONE && empty) {
      if (current == null || current.kind != SessionKind.NONE) {
        start(s);
      }
    } else if (lastReal != null && s.kind != SessionKind.NONE && lastReal.matches(s)) {
      current = lastReal;
      current.title1 = s.title1;
      current.title2 = s.title2;
      current.track = s.track;
      events.emit(current, (id, feed, n, at) -> new SessionResumed(id, feed, n, at, s.kind,
          s.title1, s.title2, s.track));
      gridRows.apply(current, s.grid, "resnapshot");
    } else {
      start(s);
      if (s.kind != SessionKind.NONE) {
        lastReal = current;
      }
      gridRows.apply(current, s.grid, "snapshot");
    }
    if (s.light != null) {
      raceControl.light(current, s.light);
    }
    if (s.clock != null) {
      events.emit(current, (id, feed, n, at) -> new RemainingTime(id, feed, n, at, s.clock,
          s.clockMs, s.clockText));
    }
    if (s.com != null) {
      raceControl.message(current, "com", s.com);
    }
    if (s.msg != null) {
      raceControl.message(current, "msg", s.msg);
    }
  }

  private void start(Snapshot s) {
    current = new Session(++sessions, s);
    Session started = current;
    events.emit(started, (id, feed, n, at) -> new SessionStarted(id, feed, n, at, s.kind,
        started.title1, started.title2, started.track));
  }
}
