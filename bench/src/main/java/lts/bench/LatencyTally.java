package lts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The latency run's count of every event the race-events reader sees: its latency (the time it
 * is seen minus its {@code at}) over the whole run, after the run's warm-up, and after the
 * warm-up of its own race too; its stages (from when the measuring points first read its frame
 * and itself) and its frame's slowest event.
 */
final class LatencyTally {

  private final long startMs;
  private final long steadyFromMs;
  private final long warmupMs;
  private final long[] delays;
  private final Map<String, Long> rawSeen;
  private final Map<String, Long> writtenSeen;

  final LongList all = new LongList();
  final LongList steady = new LongList();
  // the same warm-up counted from each race's own start (its listener's connection)
  final LongList raceSteady = new LongList();
  final List<EventStages> split = new ArrayList<>();
  private final Map<String, FrameLatency> frameLatencies = new HashMap<>(); // event code @ arrival
  private final Map<String, Long> firstFrameAt = new HashMap<>(); // each race's first frame

  /**
   * {@code delays}: each race's start (ms after {@code startMs}); {@code rawSeen} and
   * {@code writtenSeen}: when the measuring points first read each frame (event code @ created_at)
   * and each event (id).
   */
  LatencyTally(long startMs, long steadyFromMs, long warmupMs, long[] delays,
      Map<String, Long> rawSeen, Map<String, Long> writtenSeen) {
    this.startMs = startMs;
    this.steadyFromMs = steadyFromMs;
    this.warmupMs = warmupMs;
    this.delays = delays;
    this.rawSeen = rawSeen;
    this.writtenSeen = writtenSeen;
  }

  /** One event of race-events seen at {@code now}. */
  void add(JsonNode event, long at, long now) {
    String code = event.path("event_code").asText();
    String frameKey = code + "@" + at;
    firstFrameAt.putIfAbsent(code, at);
    all.add(now - at);
    if (at < steadyFromMs) {
      return;
    }
    steady.add(now - at);
    int race = Integer.parseInt(code.substring("race".length()));
    if (at >= startMs + delays[race] + warmupMs) {
      raceSteady.add(now - at);
    }
    Long raw = rawSeen.get(frameKey);
    Long written = writtenSeen.get(event.path("id").asText());
    EventStages stages = raw == null || written == null ? null
        : new EventStages(now - at, raw - at, written - raw, now - written);
    if (stages != null) {
      split.add(stages);
    }
    frameLatencies.computeIfAbsent(frameKey, k -> new FrameLatency(code, at,
        firstFrameAt.get(code) == at)).add(now - at, stages);
  }

  Collection<FrameLatency> frames() {
    return frameLatencies.values();
  }
}
