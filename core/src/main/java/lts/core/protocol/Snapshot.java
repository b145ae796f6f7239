package lts.core.protocol;

import lts.core.event.Light;
import lts.core.event.RemainingTime;
import lts.core.event.SessionKind;

/** What an {@code init} frame announced, collected until its grid arrives. */
final class Snapshot {
  final SessionKind kind;
  String title1 = "";
  String title2 = "";
  String track = "";
  Light light;
  RemainingTime.Clock clock;
  Long clockMs;
  String clockText;
  String com;
  String msg;
  Grid grid;

  Snapshot(SessionKind kind) {
    this.kind = kind;
  }

  /** A re-snapshot of what is running (a grid outside an init frame): same kind and titles. */
  static Snapshot of(Session running) {
    if (running == null) {
      return new Snapshot(SessionKind.NONE);
    }
    Snapshot s = new Snapshot(running.kind);
    s.title1 = running.title1;
    s.title2 = running.title2;
    s.track = running.track;
    return s;
  }

  /** Sets {@code title1}, {@code title2} or (any other key) {@code track}. */
  void text(String key, String value) {
    if ("title1".equals(key)) {
      title1 = value;
    } else if ("title2".equals(key)) {
      title2 = value;
    } else {
      track = value;
    }
  }
}
