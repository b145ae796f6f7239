package lts.core.protocol;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lts.core.event.RaceEvent;
import lts.core.event.SessionKind;

/** Test fixture: the feed's events and counters, frames opened by hand, emitted events kept. */
final class EventLog {

  final FeedCounters counters = new FeedCounters();
  final FeedEvents events = new FeedEvents("feed", counters);
  private final List<RaceEvent> delivered = new ArrayList<>();
  /** What was emitted so far (the events the open frame holds are delivered on reading). */
  final List<RaceEvent> emitted = new AbstractList<>() {
    @Override
    public RaceEvent get(int index) {
      events.deliverHeld();
      return delivered.get(index);
    }

    @Override
    public int size() {
      events.deliverHeld();
      return delivered.size();
    }

    @Override
    public void clear() {
      events.deliverHeld();
      delivered.clear();
    }
  };

  EventLog() {
    frame(1_000);
  }

  /** Starts the next frame, received at {@code at}. */
  EventLog frame(long at) {
    events.close();
    events.open(at, delivered::add);
    return this;
  }

  <T> List<T> only(Class<T> type) {
    return emitted.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Session 1, a race with these columns. */
  static Session race(Map<Integer, ColumnType> columns) {
    Session s = new Session(1, new Snapshot(SessionKind.RACE));
    s.setColumns(columns);
    return s;
  }

  /** The whole text as one line. */
  static FrameLine line(String text) {
    return FrameLine.of(text, 0, text.length());
  }
}
