package lts.core.protocol;

import java.util.function.Consumer;
import lts.core.event.RaceEvent;
import lts.core.event.UnparsedLine;

/**
 * Where the events of one feed go, and what stamps them: the feed's code, the session, the time of
 * the frame being read and a deterministic id {@code <feed>/<frame number>/<index in the frame>}.
 * A frame is read between {@link #open} and {@link #close}.
 */
final class FeedEvents {

  /** An event made from its stamp. */
  @FunctionalInterface
  interface Stamped {
    RaceEvent with(String id, String feed, int session, long at);
  }

  private static final int MAX_LINE_IN_EVENT = 200;

  private final String feed;
  private final FeedCounters counters;
  private long frameNo;
  private int eventIndex;
  private long at;
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
  }

  void close() {
    this.out = null;
  }

  String feed() {
    return feed;
  }

  /** Time of the frame being read (of the last one after it). */
  long at() {
    return at;
  }

  /** Emits the event of {@code session} (null before any: session 0). */
  void emit(Session session, Stamped event) {
    String id = feed + '/' + frameNo + '/' + (eventIndex++);
    counters.eventEmitted();
    out.accept(event.with(id, feed, session == null ? 0 : session.number, at));
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
