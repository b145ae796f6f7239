package lts.core.protocol;

import lts.core.event.Light;
import lts.core.event.RemainingTime;
import lts.core.event.SessionInfoChanged;
import lts.core.event.SessionKind;

/**
 * A line about the whole session rather than a row: {@code init}, titles and track, the grid,
 * the clock ({@code dyn1}), the light and race control's messages. While an {@code init} snapshot
 * is open they go into it; otherwise they change the running session. Decoration keys (css, best,
 * weather...) are ignored; any other key is unparsed.
 */
final class SessionLines {

  private final FeedEvents events;
  private final FeedCounters counters;
  private final SessionTracking sessions;
  private final RaceControl raceControl;

  SessionLines(FeedEvents events, FeedCounters counters, SessionTracking sessions,
      RaceControl raceControl) {
    this.events = events;
    this.counters = counters;
    this.sessions = sessions;
    this.raceControl = raceControl;
  }

  void read(FrameLine line) {
    String key = line.key();
    switch (key) {
      case "init" -> init(line);
      case "title1", "title2", "track" -> text(key, HtmlText.decode(line.value()).trim());
      case "grid" -> sessions.grid(line.value());
      case "dyn1" -> clock(line);
      case "light" -> light(line);
      case "com" -> message("com", HtmlText.strip(line.value()));
      case "msg" -> message("msg", HtmlText.decode(line.value()).trim());
      case "css", "best", "effects", "comments", "wth1", "wth2", "wth3" -> counters.lineIgnored();
      default -> events.unparsed(Unparsed.UNKNOWN_KEY, sessions.current(), line);
    }
  }

  /** {@code init|r|}, {@code init|p|} or {@code init|n|}: race, practice or no session. */
  static SessionKind sessionKind(String param) {
    return switch (param) {
      case "r" -> SessionKind.RACE;
      case "p" -> SessionKind.PRACTICE;
      case "n" -> SessionKind.NONE;
      default -> null;
    };
  }

  /** {@code dyn1|countdown|ms}, {@code dyn1|count|ms} or {@code dyn1|text|h:mm:ss}. */
  static RemainingTime.Clock clockKind(String param) {
    return switch (param) {
      case "countdown" -> RemainingTime.Clock.COUNTDOWN;
      case "count" -> RemainingTime.Clock.ELAPSED;
      case "text" -> RemainingTime.Clock.TEXT;
      default -> null;
    };
  }

  private void init(FrameLine line) {
    SessionKind kind = sessionKind(line.param());
    if (kind == null) {
      events.unparsed(Unparsed.UNKNOWN_KEY, sessions.current(), line);
    } else {
      sessions.init(kind);
    }
  }

  private void text(String key, String text) {
    Snapshot snapshot = sessions.snapshot();
    if (snapshot != null) {
      snapshot.text(key, text);
      return;
    }
    Session s = sessions.current();
    if (s == null) {
      return;
    }
    String t1 = "title1".equals(key) ? text : s.title1;
    String t2 = "title2".equals(key) ? text : s.title2;
    String tr = "track".equals(key) ? text : s.track;
    if (!t1.equals(s.title1) || !t2.equals(s.title2) || !tr.equals(s.track)) {
      s.title1 = t1;
      s.title2 = t2;
      s.track = tr;
      events.emit(s, (id, feed, n, at) -> new SessionInfoChanged(id, feed, n, at, t1, t2, tr));
    }
  }

  private void clock(FrameLine line) {
    RemainingTime.Clock kind = clockKind(line.param());
    if (kind == null) {
      events.unparsed(Unparsed.UNKNOWN_KEY, sessions.current(), line);
      return;
    }
    String text = line.value();
    Long ms;
    if (kind == RemainingTime.Clock.TEXT) {
      long t = TimeText.parseMs(text);
      ms = t < 0 ? null : t;
    } else if (text.isEmpty()) {
      ms = null; // clock blanked (session over or not started)
    } else {
      long t = milliseconds(text);
      if (t < 0) {
        events.unparsed(Unparsed.BAD_VALUE, sessions.current(), line);
        return;
      }
      ms = t;
    }
    Snapshot snapshot = sessions.snapshot();
    if (snapshot != null) {
      snapshot.clock = kind;
      snapshot.clockMs = ms;
      snapshot.clockText = text;
    } else {
      events.emit(sessions.current(), (id, feed, n, at) -> new RemainingTime(id, feed, n, at,
          kind, ms, text));
    }
  }

  private void light(FrameLine line) {
    Light light = Light.fromCode(line.param());
    Snapshot snapshot = sessions.snapshot();
    if (light == null) {
      events.unparsed(Unparsed.BAD_VALUE, sessions.current(), line);
    } else if (snapshot != null) {
      snapshot.light = light;
    } else if (sessions.current() != null) {
      raceControl.light(sessions.current(), light);
    }
  }

  private void message(String channel, String text) {
    Snapshot snapshot = sessions.snapshot();
    if (snapshot != null) {
      if ("com".equals(channel)) {
        snapshot.com = text;
      } else {
        snapshot.msg = text;
      }
    } else if (sessions.current() != null) {
      raceControl.message(sessions.current(), channel, text);
    }
  }

  /** A clock value in ms: up to 18 digits, else -1. */
  static long milliseconds(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }
}
