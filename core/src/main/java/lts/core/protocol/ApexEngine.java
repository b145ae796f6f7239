package lts.core.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import lts.core.event.LapCompleted;
import lts.core.event.RaceEvent;
import lts.core.event.UnparsedLine;
import lts.core.standings.TeamStanding;

/**
 * The Apex Timing protocol engine of one feed: websocket frames in, typed {@link RaceEvent}s out.
 *
 * <p>Stateful (grid layout, rows, lap counters, the running session) and deterministic: the same
 * frames in the same order give the same events with the same ids. It never throws on input: junk
 * frames, unknown keys, cut grids and unreadable values become {@link UnparsedLine} events and
 * {@link FeedStats} counters. Not thread-safe: one engine per feed, fed from one thread.
 *
 * <p>Laps: Apex updates the laps cell ({@code tlp}) and the last-lap cell ({@code llp}) of a row in
 * either order, sometimes in separate frames; the engine pairs the two halves of a lap and emits
 * one {@link LapCompleted}. A half left alone for {@value #PENDING_TIMEOUT_MS} ms of race time (or
 * at {@link #finish}) is emitted on its own. Sessions without a laps column derive lap numbers
 * from the last-lap updates, re-anchored on the leader's gap text; see docs/LAPS.md.
 *
 * <p>The engine splits a frame into {@link FrameLine}s and hands each to its reader: row lines to
 * {@link RowLines} (cells to {@link RowCells}, then {@link CompetitorNames}, {@link LapPairing},
 * {@link DerivedLaps}, {@link PitLane}), the others to {@link SessionLines} (sessions and their
 * snapshots to {@link SessionTracking}, grids to {@link GridRows}, light and messages to
 * {@link RaceControl}). {@link FeedEvents} stamps and sends every event.
 */
public final class ApexEngine {

  /** How long (race time) one half of a lap waits for the other before it is emitted alone. */
  public static final long PENDING_TIMEOUT_MS = 10_000;

  private final FeedCounters counters = new FeedCounters();
  private final FeedEvents events;
  private final LapPairing laps;
  private final RowLines rowLines;
  private final DerivedLaps derivedLaps;
  private final SessionTracking sessions;
  private final SessionLines sessionLines;

  /** An engine for the feed {@code eventCode} (used in every event and id). */
  public ApexEngine(String eventCode) {
    this.events = new FeedEvents(Objects.requireNonNull(eventCode, "eventCode"), counters);
    PitLane pitLane = new PitLane(events);
    CompetitorNames names = new CompetitorNames(events);
    this.derivedLaps = new DerivedLaps(events, counters);
    this.laps = new LapPairing(events, counters, derivedLaps);
    this.rowLines = new RowLines(events, counters,
        new RowCells(events, counters, names, laps, derivedLaps, pitLane), pitLane, derivedLaps);
    RaceControl raceControl = new RaceControl(events);
    this.sessions = new SessionTracking(events, laps, new GridRows(events, names, pitLane, derivedLaps),
        raceControl);
    this.sessionLines = new SessionLines(events, counters, sessions, raceControl);
  }

  /** Reads one frame received at {@code at} (epoch ms) and returns the events it produced. */
  public List<RaceEvent> accept(long at, String frame) {
    List<RaceEvent> list = new ArrayList<>();
    accept(at, frame, list::add);
    return list;
  }

  /** Reads one frame received at {@code at} (epoch ms); events go to {@code sink}, in order. */
  public void accept(long at, String frame, Consumer<? super RaceEvent> sink) {
    events.open(at, sink);
    counters.frameRead();
    try {
      Session running = sessions.current();
      if (running != null && running.pendingRows > 0) {
        laps.flushExpired(running);
      }
      if (frame != null) {
        read(frame);
      }
      derivedLaps.endFrame(sessions.current());
      sessions.resolvePending();
    } finally {
      events.close();
    }
  }

  /** Emits what still waits for its other half (end of a recording): laps without time, lone lap times. */
  public void finish(Consumer<? super RaceEvent> sink) {
    events.open(events.receivedAt(), sink);
    try {
      Session running = sessions.current();
      if (running != null) {
        laps.flushAll(running);
      }
    } finally {
      events.close();
    }
  }

  /** Counters so far. */
  public FeedStats stats() {
    return counters.stats();
  }

  /** The feed this engine reads. */
  public String eventCode() {
    return events.feed();
  }

  /** The running session's number (0 before any). */
  public int session() {
    Session running = sessions.current();
    return running == null ? 0 : running.number;
  }

  /**
   * The engine's own view of the running session's rows, in grid order (for consistency checks:
   * after {@link #finish}, folding the emitted events gives the same).
   */
  public List<TeamStanding> standings() {
    Session running = sessions.current();
    return running == null ? new ArrayList<>() : running.standings();
  }

  /** A frame whose first line does not look like Apex is junk; else every line is read. */
  private void read(String frame) {
    List<FrameLine> lines = FrameLine.split(frame);
    if (lines.isEmpty()) {
      return;
    }
    if (!lines.get(0).looksLikeApex()) {
      if (frame.indexOf('\uFFFD') >= 0) {
        counters.invalidText();
      }
      events.unparsed(Unparsed.JUNK_FRAME, sessions.current(), frame);
      return;
    }
    for (FrameLine line : lines) {
      counters.lineRead();
      if (!line.hasShape()) {
        events.unparsed(Unparsed.NOT_A_LINE, sessions.current(), line);
      } else if (line.isRowLine()) {
        rowLines.read(sessions.current(), line);
      } else {
        sessionLines.read(line);
      }
    }
  }
}
