package lts.app;

import static lts.app.DemoPipeline.assertWithin;
import static lts.app.DemoPipeline.labelsAtTheEdge;
import static lts.app.DemoPipeline.worst;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lts.app.DemoPipeline.History;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingWriter;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.Truth;
import lts.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The race's history does not depend on the replay's speed: the same simulated race through the
 * whole pipeline of {@code lts demo} (websocket replay, ws-listener, Kafka, raw storage, parser,
 * metrics, database) at 20 times real time, as fast as it can be read, and imported with its
 * recorded instants ({@code lts demo --import}, as {@code lts import}) gives the same laps,
 * stints and pit stops, with pit durations within a second and kart scores closer than the
 * labels' neutral band, labels equal but where a score is at the band's edge (docs/LAPS.md, "Race
 * time"). The speeds are compared on the
 * database's rows, and each closed stint's driving time is checked against the simulator's truth
 * at both speeds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeedInvarianceTest {

  /** 30 minutes, 10 teams (about 250 laps, 20 stops): at 20× about 90 s of replay. */
  private static final RaceSettings RACE = new RaceSettings(10, 13, 0.5, 2, 2, 120, 20, 2, 11);
  /** 10 minutes, 6 teams, a stop each within 5 minutes: its first 6 minutes are read at 1×. */
  private static final RaceSettings SHORT_RACE = new RaceSettings(6, 8, 1 / 6.0, 2, 1, 30, 5, 2, 5);
  private static final long WINDOW_MS = 6 * 60_000;

  @TempDir
  Path dir;

  private TestDatabases dbs;
  private Path recording;
  private Truth truth;
  /** The first 6 minutes of a short race, read at 1× (as live) against their import. */
  private Path window;
  private long windowLaps;
  private Truth shortTruth;

  @BeforeAll
  void simulate() throws Exception {
    dbs = new TestDatabases(TestDatabases.Kind.H2, "SpeedInvarianceTest");
    recording = Files.createTempDirectory("lts-speed-").resolve("race.jsonl");
    String code = RaceSimulator.eventCode(RACE);
    try (RecordingWriter w = RecordingWriter.open(recording)) {
      truth = RaceSimulator.run(RACE, (at, text) -> w.write(new RecordedFrame(code, at, text),
          "simulator"));
    }
    Path shortRace = recording.resolveSibling("short.jsonl");
    String shortCode = RaceSimulator.eventCode(SHORT_RACE);
    try (RecordingWriter w = RecordingWriter.open(shortRace)) {
      shortTruth = RaceSimulator.run(SHORT_RACE, (at, text) -> w.write(
          new RecordedFrame(shortCode, at, text), "simulator"));
    }
    window = recording.resolveSibling("window.jsonl");
    windowLaps = DemoPipeline.window(shortRace, f -> true, WINDOW_MS, window);
    Files.delete(shortRace);
    long start = shortTruth.startAtMs();
    assertThat(shortTruth.pitStops().stream().filter(p -> p.outMs() - start < WINDOW_MS - 30_000))
        .as("stops ended in the window: %s", shortTruth.pitStops().stream()
            .map(p -> (p.inMs() - start) / 1000 + "-" + (p.outMs() - start) / 1000).toList())
        .hasSizeGreaterThanOrEqualTo(3);
  }

  @AfterAll
  void cleanUp() throws Exception {
    dbs.close();
    Files.deleteIfExists(recording);
    Files.deleteIfExists(window);
  }

  /** The race through {@code lts demo} at {@code speed}, or imported; the database's rows. */
  private History replay(String speed) throws Exception {
    long laps = truth.results().stream().mapToLong(Truth.Result::laps).sum();
    return DemoPipeline.run(dbs, recording, speed, laps, History::of);
  }

  /** The short race's first minutes through {@code lts demo} at {@code speed}, or imported. */
  private History shortRace(String speed) {
    try {
      return DemoPipeline.run(dbs, window, "short" + speed, speed, windowLaps,
          History::of);
    } catch (Exception e) {
      throw new IllegalStateException("the short race at " + speed + ": " + e, e);
    }
  }

  /** Each closed stint's driving time less the truth's, absolute, sorted. */
  private static List<Long> drivingOff(History h, Truth truth) {
    List<Long> off = new ArrayList<>();
    for (DemoPipeline.Driving d : h.driving()) {
      assertThat(d.drivingMs()).as("driving time of stint %d of row %d", d.stint(), d.rowId())
          .isNotNull();
      Truth.Stint t = truth.stints().stream()
          .filter(x -> x.rowId() == d.rowId() && x.stint() == d.stint()).findFirst().orElseThrow();
      off.add(Math.abs(d.drivingMs() - t.durationMs()));
    }
    off.sort(null);
    return off;
  }

  @Test
  void theHistoryIsTheSameAt20xAsFastAsPossibleAndImported() throws Exception {
    // the short race at 1x (real time, as live) runs meanwhile: it takes minutes, not CPU
    CompletableFuture<History> live = CompletableFuture.supplyAsync(() -> shortRace("1"));
    History fast = replay("max");
    History x20 = replay("20");
    History imported = replay("import");

    long scores = worst(fast.scoreMs(), x20.scoreMs(), "kart scores");
    List<Long> fastOff = drivingOff(fast, truth);
    List<Long> x20Off = drivingOff(x20, truth);
    List<Long> importOff = drivingOff(imported, truth);
    System.out.printf("SpeedInvarianceTest: %d laps, %d stints, %d stops compared; pit stop "
        + "durations differ by %d ms at most (imported: %d ms), kart scores by %d ms (imported: "
        + "%d ms); closed stints' driving times off the truth (ms): imported %s, at 20x %s, as "
        + "fast as possible %s%n", fast.laps().size(), fast.stints().size(), fast.stops().size(),
        worst(fast.stopMs(), x20.stopMs(), "stops"), worst(fast.stopMs(), imported.stopMs(),
        "stops"), scores, worst(fast.scoreMs(), imported.scoreMs(), "scores"), importOff, x20Off,
        fastOff);
    int x20Flips = labelsAtTheEdge(fast.labels(), fast.scoreMs(), x20.labels(), x20.scoreMs());
    int importFlips = labelsAtTheEdge(fast.labels(), fast.scoreMs(),
        imported.labels(), imported.scoreMs());
    System.out.printf("SpeedInvarianceTest: labels that differ (each a score at the band's edge): "
        + "20x %d, imported %d, of %d%n", x20Flips, importFlips, fast.labels().size());
    assertThat(x20Flips + importFlips).as("labels at the edge").isLessThanOrEqualTo(
        fast.labels().size() / 10);
    // imported with its recorded instants, the race is read as live: the same history
    assertThat(imported.laps()).isEqualTo(fast.laps());
    assertThat(imported.stops()).isEqualTo(fast.stops());
    assertThat(imported.stints()).isEqualTo(fast.stints());
    assertWithin(fast.stopMs(), imported.stopMs(), 1_000, "pit stop durations, imported");
    assertThat(importOff.get(importOff.size() - 1)).as("imported: %s", importOff).isZero();
    assertThat(worst(fast.scoreMs(), imported.scoreMs(), "scores"))
        .isLessThan(lts.core.strategy.KartModel.Settings.DEFAULT.bandMs());
    assertThat(fast.laps()).hasSizeGreaterThan(200);
    assertThat(fast.stops()).hasSizeGreaterThanOrEqualTo(truth.pitStops().size());
    assertThat(x20.laps()).isEqualTo(fast.laps());
    assertThat(x20.stops()).isEqualTo(fast.stops());
    assertThat(x20.stints()).isEqualTo(fast.stints());
    assertWithin(fast.stopMs(), x20.stopMs(), 1_000, "pit stop durations");
    // stint driving times, pit-out (or the green light) to pit-in on the race clock: at 20x the
    // received instants scaled, within a second; as fast as possible the clock stands on evidence
    // and the pit clock places the pit-ins (StintTimesTruthTest: median 0.6 s): within a few
    // seconds (the frames come in bursts through the pipeline, 10 teams give little evidence)
    assertThat(fastOff).hasSize(truth.pitStops().size());
    assertThat(x20Off.get(x20Off.size() - 1)).as("20x: %s", x20Off).isLessThanOrEqualTo(1_000);
    assertThat(fastOff.get(fastOff.size() / 2)).as("fast: %s", fastOff)
        .isLessThanOrEqualTo(1_000);
    assertThat(fastOff.get(fastOff.size() - 1)).as("fast: %s", fastOff)
        .isLessThanOrEqualTo(5_000);
    // the scores behind the labels differ a little, less than the neutral band: the last fit (at
    // the teams' finish) takes the same laps, but its field window follows race instants, seconds
    // off when read as fast as possible (a label then differs only at the band's edge, above)
    assertThat(scores).isLessThan(lts.core.strategy.KartModel.Settings.DEFAULT.bandMs());

    // as live: the short race's first minutes at 1x, against their import
    History liveRun = live.get(10, TimeUnit.MINUTES);
    History windowImported = shortRace("import");
    List<Long> liveOff = drivingOff(liveRun, shortTruth);
    System.out.printf("SpeedInvarianceTest: a short race's first minutes (%d laps) at 1x against "
        + "their import: pit "
        + "durations apart %d ms, kart scores %d ms, closed stints' driving times off the truth "
        + "(ms): 1x %s, imported %s%n", liveRun.laps().size(),
        worst(windowImported.stopMs(), liveRun.stopMs(), "stops"),
        worst(windowImported.scoreMs(), liveRun.scoreMs(), "scores"), liveOff,
        drivingOff(windowImported, shortTruth));
    assertThat(liveRun.stops()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(liveRun.laps()).isEqualTo(windowImported.laps());
    assertThat(liveRun.stops()).isEqualTo(windowImported.stops());
    assertThat(liveRun.stints()).isEqualTo(windowImported.stints());
    assertWithin(windowImported.stopMs(), liveRun.stopMs(), 1_000, "pit stop durations at 1x");
    assertThat(liveOff.get(liveOff.size() - 1)).as("1x: %s", liveOff).isLessThanOrEqualTo(1_000);
  }
}
