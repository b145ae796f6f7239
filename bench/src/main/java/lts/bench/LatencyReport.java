package lts.bench;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/** The printed lines of the latency run: percentiles, the split in stages, the slowest frames. */
final class LatencyReport {

  private LatencyReport() {
  }

  static void print(String title, LongList latencies) {
    if (latencies.size() == 0) {
      System.out.println(title + ": no events");
      return;
    }
    System.out.printf(Locale.ROOT, "%s (%d events), ms: p50 %d, p95 %d, "
        + "p99 %d, p99.9 %d, max %d%n", title, latencies.size(), latencies.percentile(50),
        latencies.percentile(95), latencies.percentile(99), latencies.percentile(99.9),
        latencies.max());
  }

  /** Each event's latency in stages: percentiles of each, and the stages of the slowest 1 %. */
  static void printSplit(List<EventStages> split) {
    if (split.isEmpty()) {
      return;
    }
    List<String> names = List.of("websocket → raw-messages readable", "raw-messages readable → "
        + "event written (parser poll, engine, send)", "event written → readable committed "
        + "(commit, markers, fetch)");
    List<ToLongFunction<EventStages>> stages = List.of(EventStages::toRaw, EventStages::parser,
        EventStages::commit);
    for (int stage = 0; stage < 3; stage++) {
      LongList values = new LongList();
      for (EventStages e : split) {
        values.add(stages.get(stage).applyAsLong(e));
      }
      print("SPLIT " + names.get(stage) + ", per event after warm-up", values);
    }
    List<EventStages> sorted = new ArrayList<>(split);
    sorted.sort(Comparator.comparingLong(e -> -e.total()));
    int n = Math.max(1, sorted.size() / 100);
    double total = 0;
    double toRaw = 0;
    double parser = 0;
    double commit = 0;
    for (EventStages e : sorted.subList(0, n)) {
      total += e.total() / (double) n;
      toRaw += e.toRaw() / (double) n;
      parser += e.parser() / (double) n;
      commit += e.commit() / (double) n;
    }
    System.out.printf(Locale.ROOT, "SPLIT the slowest 1 %% (%d events, total ≥ %d ms): mean total "
        + "%.1f ms = %.1f to raw-messages + %.1f parser to written + %.1f written to committed%n",
        n, sorted.get(n - 1).total(), total, toRaw, parser, commit);
  }

  /**
   * The frames whose events make the slowest 1 %: a frame's events all share its arrival time,
   * so one frame that brings many events (a snapshot of the grid when a listener connects) weighs
   * as much in the per-event percentiles as that many frames of one event each.
   */
  static void printSlowestFrames(Collection<FrameLatency> frames, LongList steady) {
    if (frames.isEmpty() || steady.size() == 0) {
      return;
    }
    long p99 = steady.percentile(99);
    List<FrameLatency> slow = new ArrayList<>();
    LongList perFrame = new LongList();
    for (FrameLatency f : frames) {
      perFrame.add(f.events);
      if (f.slowest >= p99) {
        slow.add(f);
      }
    }
    slow.sort(Comparator.comparingInt((FrameLatency f) -> f.events).reversed());
    StringBuilder line = new StringBuilder();
    for (FrameLatency f : slow.subList(0, Math.min(8, slow.size()))) {
      line.append(String.format(Locale.ROOT, "%n  %s@%d (%s): %d events, %d ms%s%s", f.code, f.at,
          LocalTime.ofInstant(Instant.ofEpochMilli(f.at), ZoneId.systemDefault()), f.events,
          f.slowest, f.stages == null ? "" : String.format(Locale.ROOT, " = %d to raw-messages + "
              + "%d parser to written + %d written to committed", f.stages.toRaw(),
              f.stages.parser(), f.stages.commit()),
          f.first ? " (the race's first frame)" : ""));
    }
    System.out.printf(Locale.ROOT, "FRAMES after warm-up: %d frames with events, events per frame "
        + "p50 %d, p99 %d, max %d; %d frame(s) with an event at or over the p99 (%d ms), most "
        + "events first:%s%n", frames.size(), perFrame.percentile(50), perFrame.percentile(99),
        perFrame.max(), slow.size(), p99, line);
  }
}
