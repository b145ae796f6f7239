package lts.core.protocol;

import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.RaceControlMessage;

/** What race control shows a session: the track light and the two message channels. */
final class RaceControl {

  private final FeedEvents events;

  RaceControl(FeedEvents events) {
    this.events = events;
  }

  /** The track light; an event only when it changes. */
  void light(Session s, Light light) {
    if (s.light != light) {
      s.light = light;
      events.emit(s, (id, feed, n, at) -> new LightChanged(id, feed, n, at, light));
    }
  }

  /**
   * A message on channel {@code com} (comments) or {@code msg}: an event when it changes and is
   * not blank (a blank one clears the channel).
   */
  void message(Session s, String channel, String text) {
    boolean com = "com".equals(channel);
    if (text.equals(com ? s.com : s.msg)) {
      return;
    }
    if (com) {
      s.com = text;
    } else {
      s.msg = text;
    }
    if (!text.isEmpty()) {
      events.emit(s, (id, feed, n, at) -> new RaceControlMessage(id, feed, n, at, channel, text));
    }
  }
}
