package lts.parser.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import lts.core.event.LapCompleted;
import lts.core.event.PitIn;
import lts.core.event.PitOut;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingReader;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.SimulatedRace;
import lts.simulator.Truth;
import lts.testkit.SharedData;
import org.junit.jupiter.api.Test;

/**
 * The events of a feed carry the race's own instants whatever the speed its frames come at: a race
 * read at its own pace (live, a recording with its instants), replayed at 20× and replayed as fast
 * as the frames can be read gives the same lap instants and pit durations (see docs/LAPS.md, "Race
 * time"). The clock needs a few laps to measure a replay's pace: the laps of its first minutes are
 * left out of the comparisons.
 */
class RaceTimeTest {

  /** A frame and when it really happened (on the track). */
  private record Frame(long at, String text) {
  }

  private static List<RaceEvent> read(List<Frame> frames, LongUnaryOperator received) {
    ApexEngine engine = new ApexEngine("feed");
    List<RaceEvent> events = new ArrayList<>();
    for (Frame f : frames) {
      engine.accept(received.applyAsLong(f.at()), f.text(), events::add);
    }
    engine.finish(events::add);
    return events;
  }

  /** At 20×: received 20 times faster than the track. */
  private static List<RaceEvent> at20x(List<Frame> frames) {
    long t0 = frames.get(0).at();
    return read(frames, t -> t0 + (t - t0) / 20);
  }

  /** As fast as possible: 20 frames a millisecond, whatever their time on the track. */
  private static List<RaceEvent> atFullSpeed(List<Frame> frames) {
    long t0 = frames.get(0).at();
    long[] index = {0};
    return read(frames, t -> t0 + index[0]++ / 20);
  }

  /** Read one frame a millisecond: a pace of the frames' own, nothing to do with the track's. */
  private static List<RaceEvent> oneFrameAMillisecond(List<Frame> frames) {
    long t0 = frames.get(0).at();
    long[] index = {0};
    return read(frames, t -> t0 + index[0]++);
  }

  /** Each row's pit stops in order: out instant − in instant. */
  private static Map<Integer, List<Long>> stopDurations(List<RaceEvent> events) {
    Map<Integer, Long> in = new HashMap<>();
    Map<Integer, List<Long>> out = new HashMap<>();
    for (RaceEvent e : events) {
      if (e instanceof PitIn p) {
        in.put(p.rowId(), p.at());
      } else if (e instanceof PitOut p && in.containsKey(p.rowId())) {
        out.computeIfAbsent(p.rowId(), r -> new ArrayList<>()).add(p.at() - in.remove(p.rowId()));
      }
    }
    return out;
  }

  /** Each row's pit clocks in order, as the feed showed them when the team left. */
  private static Map<Integer, List<Long>> pitClocks(List<RaceEvent> events) {
    Map<Integer, List<Long>> out = new HashMap<>();
    for (RaceEvent e : events) {
      if (e instanceof PitOut p && p.pitTimeMs() != null) {
        out.computeIfAbsent(p.rowId(), r -> new ArrayList<>()).add(p.pitTimeMs());
      }
    }
    return out;
  }

  /** The instant of each row's lap ({@code row/lap}), the first time it is completed. */
  private static Map<String, Long> lapInstants(List<RaceEvent> events) {
    Map<String, Long> at = new HashMap<>();
    for (RaceEvent e : events) {
      if (e instanceof LapCompleted l && !l.derived()) {
        at.putIfAbsent(l.rowId() + "/" + l.lap(), l.at());
      }
    }
    return at;
  }

  /** The largest difference between two runs' values, row by row and in order, and their count. */
  private static long[] worst(Map<Integer, List<Long>> a, Map<Integer, List<Long>> b) {
    long worst = 0;
    long n = 0;
    for (Map.Entry<Integer, List<Long>> e : a.entrySet()) {
      List<Long> other = b.getOrDefault(e.getKey(), List.of());
      for (int i = 0; i < Math.min(e.getValue().size(), other.size()); i++) {
        worst = Math.max(worst, Math.abs(e.getValue().get(i) - other.get(i)));
        n++;
      }
    }
    return new long[] {worst, n};
  }

  /**
   * How far a replay's lap instants are from the paced run's, for the laps completed from
   * {@code from} on, once the runs' offset (their median difference: a replay cannot know how long
   * the feed waited before its first evidence) is taken out: p50, p99, max and how many laps.
   */
  private static long[] lapErrors(Map<String, Long> paced, Map<String, Long> replay, long from) {
    List<Long> raw = new ArrayList<>();
    paced.forEach((lap, at) -> {
      Long other = replay.get(lap);
      if (other != null && at >= from) {
        raw.add(other - at);
      }
    });
    raw.sort(Long::compare);
    long offset = raw.get(raw.size() / 2);
    List<Long> errors = new ArrayList<>(raw.stream().map(d -> Math.abs(d - offset)).toList());
    errors.sort(Long::compare);
    return new long[] {errors.get(errors.size() / 2), errors.get(errors.size() * 99 / 100),
        errors.get(errors.size() - 1), errors.size()};
  }

  private static String describe(String what, long[] e) {
    return String.format("%s: p50 %d ms, p99 %d ms, max %d ms over %d laps", what, e[0], e[1], e[2],
        e[3]);
  }

  @Test
  void aSimulatedRaceHasTheSameLapInstantsAndPitTimesAtItsPaceAt20xAndAtFullSpeed() {
    SimulatedRace race = RaceSimulator.simulate(RaceSettings.DEFAULT);
    List<Frame> frames = race.frames().stream().map(f -> new Frame(f.atEpochMs(), f.text()))
        .toList();
    List<RaceEvent> paced = read(frames, t -> t);
    List<RaceEvent> x20 = at20x(frames);
    List<RaceEvent> full = atFullSpeed(frames);
    List<RaceEvent> perMs = oneFrameAMillisecond(frames);

    Map<Integer, List<Long>> truth = new HashMap<>();
    for (Truth.PitStop s : race.truth().pitStops()) {
      truth.computeIfAbsent(s.rowId(), r -> new ArrayList<>()).add(s.durationMs());
    }
    long[] pacedStops = worst(stopDurations(paced), truth);
    long[] x20Stops = worst(stopDurations(paced), stopDurations(x20));
    long[] fullPitClocks = worst(pitClocks(full), truth);
    long from = race.truth().greenAtMs() + 300_000;
    long[] x20Laps = lapErrors(lapInstants(paced), lapInstants(x20), from);
    long[] fullLaps = lapErrors(lapInstants(paced), lapInstants(full), from);
    long[] perMsLaps = lapErrors(lapInstants(paced), lapInstants(perMs), from);
    String figures = String.format("stops: paced vs truth worst %d ms (%d), 20x vs paced worst %d ms"
        + " (%d), pit clocks at full speed vs truth worst %d ms (%d); %s; %s; %s", pacedStops[0],
        pacedStops[1], x20Stops[0], x20Stops[1], fullPitClocks[0], fullPitClocks[1],
        describe("laps at 20x", x20Laps), describe("laps at full speed", fullLaps),
        describe("laps at a frame a millisecond", perMsLaps));
    System.out.println("RaceTimeTest simulated 3 h race: " + figures);

    assertThat(pacedStops[1]).as(figures).isEqualTo(race.truth().pitStops().size());
    assertThat(pacedStops[0]).as(figures).isZero();
    assertThat(x20Stops[1]).as(figures).isEqualTo(pacedStops[1]);
    assertThat(x20Stops[0]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(x20Laps[2]).as(figures).isLessThanOrEqualTo(1_000);
    // as fast as possible, a frame without evidence of its own (a pit entry) can only be placed
    // after the last evidence: the stop's own clock, the one Apex shows, is what tells its length
    assertThat(fullPitClocks[1]).as(figures).isEqualTo(pacedStops[1]);
    assertThat(fullPitClocks[0]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(fullLaps[0]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(fullLaps[1]).as(figures).isLessThanOrEqualTo(15_000);
    assertThat(perMsLaps[0]).as(figures).isLessThanOrEqualTo(2_000);
  }

  @Test
  void theRealThreeHourRaceHasTheSameLapInstantsAndStopsAt20xAndAtFullSpeed() throws IOException {
    Path file = SharedData.recording("santos-3h-first-30min.ndjson.gz");
    List<Frame> frames = new ArrayList<>();
    try (RecordingReader reader = RecordingReader.open(file)) {
      while (reader.hasNext()) {
        RecordedFrame f = reader.next();
        frames.add(new Frame(f.at(), f.text()));
      }
    }
    List<RaceEvent> paced = read(frames, t -> t);
    List<RaceEvent> x20 = at20x(frames);
    List<RaceEvent> full = atFullSpeed(frames);
    long from = frames.get(0).at() + 300_000;
    long[] x20Laps = lapErrors(lapInstants(paced), lapInstants(x20), from);
    long[] fullLaps = lapErrors(lapInstants(paced), lapInstants(full), from);
    long[] x20Stops = worst(stopDurations(paced), stopDurations(x20));
    String figures = describe("laps at 20x", x20Laps) + "; " + describe("laps at full speed",
        fullLaps) + String.format("; stops at 20x vs paced worst %d ms (%d)", x20Stops[0],
        x20Stops[1]);
    System.out.println("RaceTimeTest real 30 min of a 3 h race: " + figures);

    assertThat(x20Laps[3]).as(figures).isGreaterThan(500);
    assertThat(x20Laps[2]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(x20Stops[0]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(fullLaps[0]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(fullLaps[1]).as(figures).isLessThanOrEqualTo(15_000);
  }
}
