package lts.core.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lts.core.event.RaceEvent;
import lts.core.event.UnparsedLine;

/**
 * Where the events of one feed go, and what stamps them: the feed's code, the session, the race
 * instant of the frame being read and a deterministic id
 * {@code <feed>/<frame number>/<index in the frame>}. A frame is read between {@link #open} and
 * {@link #close}; its events are held until then, because their instant is the frame's on the
 * race's own clock ({@link RaceTime}), known once the frame's evidence (its laps, its countdown)
 * is read: at 20× or at full speed, a lap of 1:05 still puts 65 s between two crossings.
 */
final class FeedEvents {

  /** An event made from its stamp. */
  @FunctionalInterface
  interface Stamped {
    RaceEvent with(String id, String feed, int session, long at);
  }

  private static final int MAX_LINE_IN_EVENT = 200;

  /** An event of the frame being read, stamped with the frame's provisional instant. */
  private record Held(Stamped event, String id, int session, RaceEvent provisional) {
  }

  private final String feed;
  private final FeedCounters counters;
  private final RaceTime time = new RaceTime();
  private final List<Held> held = new ArrayList<>();
  private final List<RaceEvent> provisional = new ArrayList<>();
  private long frameNo;
  private int eventIndex;
  private long at;
  private boolean snapshot;
  private Consumer<? super RaceEvent> out;

  FeedEvents(String feed, FeedCounters counters) {
    this.feed = feed;
    this.counters = counters;
  }

  /** Starts a frame received at {@code at}: its events go to {@code sink}. */
  void open(long at, Consumer<? super RaceEvent> sink) {
    this.out = sink;
    this.at = at;
    this.frameNo++;
    this.eventIndex = 0;
    this.snapshot = false;
    time.frame(at);
  }

  /** The frame being read holds a snapshot of the session (its countdown may be stale). */
  void snapshot() {
    this.snapshot = true;
  }

  /** Ends the frame: its events get the frame's race instant and go out, in order. */
  void close() {
    try {
      provisional.clear();
      held.forEach(h -> provisional.add(h.provisional()));
      long instant = time.endFrame(provisional, snapshot);
      for (Held h : held) {
        out.accept(h.provisional().at() == instant ? h.provisional()
            : h.event().with(h.id(), feed, h.session(), instant));
      }
    } finally {
      held.clear();
      provisional.clear();
      this.out = null;
    }
  }

  /**
   * The events held so far go out now with the frame's instant so far (the collaborators' tests
   * read the events of a frame while it is open); the frame goes on.
   */
  void deliverHeld() {
    held.forEach(h -> out.accept(h.provisional()));
    held.clear();
  }

  /** Row {@code rowId}, in the lane, shows {@code shownMs} on its pit clock in this frame. */
  void pitClockShown(int rowId, long shownMs) {
    time.pitClock(rowId, shownMs);
  }

  /** When row {@code rowId} entered the lane it is in, on the race clock; null: no lane seen. */
  Long laneStartedAt(int rowId) {
    return time.laneStartedAt(rowId);
  }

  /** The race clock of the feed now (instant, received instant, rate, mode). */
  RaceClock.Reading clock() {
    return time.reading();
  }

  String feed() {
    return feed;
  }

  /** The number of the frame being read (the last one, after it), from 1. */
  long frame() {
    return frameNo;
  }

  /**
   * The race instant of the frame being read (provisional: before its own evidence), on which the
   * engine's own waits run (a lap's half waiting for the other): at 20× a wait of 10 s is still
   * 10 s of the race, so a replay pairs the halves as the live feed did.
   */
  long at() {
    return time.now();
  }

  /** When the frame being read (the last one, after it) was received. */
  long receivedAt() {
    return at;
  }

  /** Emits the event of {@code session} (null before any: session 0). */
  void emit(Session session, Stamped event) {
    String id = feed + '/' + frameNo + '/' + (eventIndex++);
    counters.eventEmitted();
    int n = session == null ? 0 : session.number;
    held.add(new Held(event, id, n, event.with(id, feed, n, time.now())));
  }

  /** Counts and emits a line the engine could not use. */
  void unparsed(Unparsed why, Session session, FrameLine line) {
    unparsed(why, session, line.frame(), line.start(), line.end());
  }

  /** Counts and emits a whole text (frame, grid) the engine could not use. */
  void unparsed(Unparsed why, Session session, String text) {
    unparsed(why, session, text, 0, text.length());
  }

  private void unparsed(Unparsed why, Session session, String text, int from, int to) {
    counters.unparsed(why);
    String shown = text.substring(from, Math.min(to, from + MAX_LINE_IN_EVENT));
    emit(session, (id, feed, n, t) -> new UnparsedLine(id, feed, n, t, why.reason, shown));
  }
}
