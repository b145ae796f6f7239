package lts.bench;

/** One frame's events after warm-up: how many, and the latency and stages of the slowest. */
final class FrameLatency {
  final String code;
  final long at;
  final boolean first; // the race's first frame (the snapshot sent on connection)
  int events;
  long slowest = -1;
  EventStages stages; // of the slowest event; null when not all its stages were seen

  FrameLatency(String code, long at, boolean first) {
    this.code = code;
    this.at = at;
    this.first = first;
  }

  void add(long latency, EventStages eventStages) {
    events++;
    if (latency >= slowest) {
      slowest = latency;
      stages = eventStages;
    }
  }
}
