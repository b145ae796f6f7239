package lts.app;

import static lts.app.DemoPipeline.assertWithin;
import static lts.app.DemoPipeline.labelsAtTheEdge;
import static lts.app.DemoPipeline.worst;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lts.app.DemoPipeline.History;
import lts.app.DemoPipeline.StintLabel;
import lts.core.strategy.KartModel;
import lts.recordings.RecordedFrame;
import lts.recordings.RecordingWriter;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.Truth;
import lts.testkit.SharedData;
import lts.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The race's history does not depend on the replay's speed: the same recording through the whole
 * pipeline of {@code lts demo} (websocket replay, ws-listener, Kafka, raw storage, parser,
 * metrics, database) at 20 times real time, as fast as it can be read, and imported with its
 * recorded instants ({@code lts demo --import}, as {@code lts import}) gives the same laps,
 * stints and pit stops, with pit durations within a second, kart scores closer than the labels'
 * neutral band and labels equal but where a score is at the band's edge (docs/LAPS.md, "Race
 * time"). Three recordings: the demo's own race (the simulator's default, 3 h, 20 teams), whose
 * stint driving times and kart labels are also checked against the simulator's truth; the real
 * 12-hour Santos race's first hour; and the first 5 minutes of a short simulated race read at 1×,
 * as live.
 *
 * <p>The paced runs (20×, 1×) take minutes of wall time and little CPU: they all start at once
 * and run while the other runs are read as fast as possible. Not beside other test classes: at
 * 20× a frame delivered 50 ms late is a second of race time, and a loaded machine (browser tests
 * beside it) put stints up to 4 s off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeedInvarianceTest {

  /** {@code lts demo}'s race: 3 hours, 20 teams, 6 stops each; at 20× 9 minutes of replay. */
  private static final RaceSettings DEMO_RACE = RaceSettings.defaults();
  /** 10 minutes, 6 teams, a stop each within 5 minutes: its first 5 minutes are read at 1×. */
  private static final RaceSettings SHORT_RACE = new RaceSettings(6, 8, 1 / 6.0, 2, 1, 30, 5, 2, 3);
  private static final long SHORT_WINDOW_MS = 5 * 60_000;
  /** The real race's first hour, from its grid ({@code init|r|}). */
  private static final long SANTOS_WINDOW_MS = 60 * 60_000;
  /** Stints whose kart's true effect is at least this far from neutral are scored. */
  private static final long CLEAR_MS = 300;

  private final ExecutorService paced = Executors.newFixedThreadPool(3, r -> {
    Thread t = new Thread(r, "paced-run");
    t.setDaemon(true);
    return t;
  });
  private TestDatabases dbs;
  private Path dir;

  private Path demoRace;
  private Truth demoTruth;
  private long demoLaps;
  private Future<History> demoAt20x;

  private Path santos;
  private long santosLaps;
  private Future<History> santosAt20x;

  private Path shortWindow;
  private long shortLaps;
  private Truth shortTruth;
  private Future<History> shortAt1x;

  @BeforeAll
  void recordTheRacesAndStartThePacedRuns() throws Exception {
    dbs = new TestDatabases(TestDatabases.Kind.H2, "SpeedInvarianceTest");
    dir = Files.createTempDirectory("lts-speed-");

    demoRace = dir.resolve("demo-race.jsonl");
    demoTruth = record(DEMO_RACE, demoRace);
    demoLaps = demoTruth.results().stream().mapToLong(Truth.Result::laps).sum();

    santos = dir.resolve("santos-first-hour.jsonl");
    santosLaps = DemoPipeline.window(SharedData.recording("santos-12h-2026-04-25.log.gz"),
        f -> f.text().startsWith("init|r|"), SANTOS_WINDOW_MS, santos);
    assertThat(santosLaps).as("laps of the Santos window").isGreaterThan(500);

    Path shortRace = dir.resolve("short.jsonl");
    shortTruth = record(SHORT_RACE, shortRace);
    shortWindow = dir.resolve("short-window.jsonl");
    shortLaps = DemoPipeline.window(shortRace, f -> true, SHORT_WINDOW_MS, shortWindow);
    long start = shortTruth.startAtMs();
    assertThat(shortTruth.pitStops().stream()
        .filter(p -> p.outMs() - start < SHORT_WINDOW_MS - 30_000))
        .as("stops ended in the window: %s", shortTruth.pitStops().stream()
            .map(p -> (p.inMs() - start) / 1000 + "-" + (p.outMs() - start) / 1000).toList())
        .hasSizeGreaterThanOrEqualTo(3);

    demoAt20x = paced.submit(() -> run(demoRace, "demo", "20", demoLaps));
    santosAt20x = paced.submit(() -> run(santos, "santos", "20", santosLaps));
    shortAt1x = paced.submit(() -> run(shortWindow, "short", "1", shortLaps));
  }

  @AfterAll
  void cleanUp() throws Exception {
    paced.shutdownNow();
    paced.awaitTermination(2, TimeUnit.MINUTES);
    if (dbs != null) {
      dbs.close();
    }
    for (String f : List.of("demo-race.jsonl", "santos-first-hour.jsonl", "short.jsonl",
        "short-window.jsonl")) {
      Files.deleteIfExists(dir.resolve(f));
    }
    Files.deleteIfExists(dir);
  }

  private static Truth record(RaceSettings race, Path file) throws Exception {
    String code = RaceSimulator.eventCode(race);
    try (RecordingWriter w = RecordingWriter.open(file)) {
      return RaceSimulator.run(race, (at, text) -> w.write(new RecordedFrame(code, at, text),
          "simulator"));
    }
  }

  /** {@code recording} through {@code lts demo} at {@code mode}, into a database of its own. */
  private History run(Path recording, String race, String mode, long laps) throws Exception {
    return DemoPipeline.run(dbs, recording, race + mode, mode, laps, History::of);
  }

  private static History done(Future<History> paced) throws Exception {
    return paced.get(20, TimeUnit.MINUTES);
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

  /** |a − b| row by row, sorted. */
  private static List<Long> apart(List<Long> a, List<Long> b) {
    worst(a, b, "values");
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (a.get(i) != null) {
        out.add(Math.abs(a.get(i) - b.get(i)));
      }
    }
    out.sort(null);
    return out;
  }

  /** The same laps, stints and stops as {@code reference}, pit durations within a second. */
  private static void sameHistory(History reference, History other, String what) {
    assertThat(other.laps()).as("laps, %s", what).isEqualTo(reference.laps());
    assertThat(other.stops()).as("stops, %s", what).isEqualTo(reference.stops());
    assertThat(other.stints()).as("stints, %s", what).isEqualTo(reference.stints());
    assertWithin(reference.stopMs(), other.stopMs(), 1_000, "pit stop durations, " + what);
  }

  @Test
  void theDemoRaceHasTheSameHistoryAt20xAsFastAsPossibleAndImported() throws Exception {
    History fast = run(demoRace, "demo", "max", demoLaps);
    History imported = run(demoRace, "demo", "import", demoLaps);
    History x20 = done(demoAt20x);

    List<Long> fastOff = drivingOff(fast, demoTruth);
    List<Long> x20Off = drivingOff(x20, demoTruth);
    List<Long> importOff = drivingOff(imported, demoTruth);
    int x20Flips = labelsAtTheEdge(fast.labels(), fast.scoreMs(), x20.labels(), x20.scoreMs());
    int importFlips = labelsAtTheEdge(fast.labels(), fast.scoreMs(), imported.labels(),
        imported.scoreMs());
    System.out.printf("SpeedInvarianceTest, the demo's race: %d laps, %d stints, %d stops; pit "
        + "durations apart from the fastest run's: 20x %d ms, imported %d ms; kart scores: 20x %d "
        + "ms, imported %d ms; labels that differ (each at the band's edge): 20x %d, imported %d, "
        + "of %d; closed stints' driving times off the truth (ms): imported max %d, 20x median %d "
        + "max %d, as fast as possible median %d p90 %d max %d%n", fast.laps().size(),
        fast.stints().size(), fast.stops().size(), worst(fast.stopMs(), x20.stopMs(), "stops"),
        worst(fast.stopMs(), imported.stopMs(), "stops"),
        worst(fast.scoreMs(), x20.scoreMs(), "scores"),
        worst(fast.scoreMs(), imported.scoreMs(), "scores"), x20Flips, importFlips,
        fast.labels().size(), last(importOff), median(x20Off), last(x20Off), median(fastOff),
        fastOff.get(fastOff.size() * 9 / 10), last(fastOff));

    assertThat(fast.laps()).hasSizeGreaterThan(3_000);
    assertThat(fast.stops()).hasSizeGreaterThanOrEqualTo(demoTruth.pitStops().size());
    sameHistory(fast, x20, "20x");
    sameHistory(fast, imported, "imported");
    long band = KartModel.Settings.DEFAULT.bandMs();
    assertThat(worst(fast.scoreMs(), x20.scoreMs(), "scores")).isLessThan(band);
    assertThat(worst(fast.scoreMs(), imported.scoreMs(), "scores")).isLessThan(band);
    assertThat(x20Flips + importFlips).as("labels at the edge")
        .isLessThanOrEqualTo(fast.labels().size() / 20);
    // stint driving times, pit-out (or the green light) to pit-in on the race clock: imported
    // with the recorded instants, the truth's; at 20x the received instants scaled: a frame
    // delivered 50 ms late is 1 s of race time, so the worst is within 2 s (seen: 0.54 s, the
    // class alone; 1.7 to 4 s with the module's browser tests beside it), the median within 1 s;
    // as fast as possible the clock stands on evidence and the pit clock places the pit-ins
    // (StintTimesTruthTest: median 0.6 s): within a few seconds
    assertThat(fastOff).hasSize(demoTruth.pitStops().size());
    assertThat(last(importOff)).as("imported: %s", importOff).isZero();
    assertThat(median(x20Off)).as("20x: %s", x20Off).isLessThanOrEqualTo(1_000);
    assertThat(last(x20Off)).as("20x: %s", x20Off).isLessThanOrEqualTo(2_000);
    assertThat(median(fastOff)).as("fast: %s", fastOff).isLessThanOrEqualTo(1_000);
    assertThat(last(fastOff)).as("fast: %s", fastOff).isLessThanOrEqualTo(5_000);

    demoLabelsAgreeWithTheTruth(x20);
  }

  /**
   * What the strategist reads at the end of the demo at 20×: each stint's kart label against the
   * true effect of the kart it used, as KartModelAccuracyTest and SimulatedKartLabelsTest score
   * them (right over labelled, unknown over all stints whose kart is clearly good or bad), with
   * their targets; the current karts (each team's last stint) are printed against the truth's
   * labels.
   */
  private void demoLabelsAgreeWithTheTruth(History x20) {
    Map<Integer, Truth.Kart> karts = new HashMap<>();
    demoTruth.karts().forEach(k -> karts.put(k.kart(), k));
    Map<String, Truth.Kart> kartOf = new HashMap<>();
    demoTruth.stints().forEach(s -> kartOf.put(s.rowId() + "/" + s.stint(), karts.get(s.kart())));
    Map<Integer, StintLabel> current = new TreeMap<>();
    int right = 0;
    int wrong = 0;
    int unknown = 0;
    for (StintLabel l : x20.labels()) {
      current.merge(l.rowId(), l, (a, b) -> b.stint() > a.stint() ? b : a);
      Truth.Kart kart = kartOf.get(l.rowId() + "/" + l.stint());
      assertThat(kart).as("the truth's kart of stint %d of row %d", l.stint(), l.rowId())
          .isNotNull();
      if (Math.abs(kart.effectMs()) < CLEAR_MS) {
        continue;
      }
      if (l.label().equals("UNKNOWN")) {
        unknown++;
      } else if (l.label().equals("GOOD") == kart.effectMs() < 0) {
        right++;
      } else {
        wrong++;
      }
    }
    Map<String, Integer> currentTable = new TreeMap<>();
    int currentOpposite = 0;
    for (StintLabel l : current.values()) {
      Truth.Kart kart = kartOf.get(l.rowId() + "/" + l.stint());
      currentTable.merge(kart.label().code() + " kart labelled " + l.label(), 1, Integer::sum);
      if (kart.label() == Truth.Label.GOOD && l.label().equals("BAD")
          || kart.label() == Truth.Label.BAD && l.label().equals("GOOD")) {
        currentOpposite++;
      }
    }
    int clear = right + wrong + unknown;
    System.out.printf("SpeedInvarianceTest, the demo at 20x, kart labels at the end of the race: "
        + "%d stints with a clearly good or bad kart: right %d, wrong %d, unknown %d (right %.1f %% "
        + "of labelled, unknown %.1f %%); current karts (truth's label, ours): %s%n", clear, right,
        wrong, unknown, 100.0 * right / (right + wrong), 100.0 * unknown / clear, currentTable);
    assertThat(clear).isGreaterThan(30);
    assertThat(right / (double) (right + wrong)).as("right share").isGreaterThanOrEqualTo(0.90);
    assertThat(unknown / (double) clear).as("unknown share").isLessThanOrEqualTo(0.15);
    assertThat(currentOpposite).as("current karts labelled opposite to the truth: %s",
        currentTable).isZero();
  }

  @Test
  void theFirstHourOfTheRealRaceHasTheSameHistoryImportedAt20xAndAsFastAsPossible()
      throws Exception {
    History imported = run(santos, "santos", "import", santosLaps);
    History fast = run(santos, "santos", "max", santosLaps);
    History x20 = done(santosAt20x);

    assertThat(imported.laps()).hasSizeGreaterThan(500);
    assertThat(imported.stops()).hasSizeGreaterThanOrEqualTo(15);
    sameHistory(imported, x20, "20x");
    sameHistory(imported, fast, "as fast as possible");
    List<Long> x20Driving = apart(imported.drivingMs(), x20.drivingMs());
    List<Long> fastDriving = apart(imported.drivingMs(), fast.drivingMs());
    int x20Flips = labelsAtTheEdge(imported.labels(), imported.scoreMs(), x20.labels(),
        x20.scoreMs());
    int fastFlips = labelsAtTheEdge(imported.labels(), imported.scoreMs(), fast.labels(),
        fast.scoreMs());
    System.out.printf("SpeedInvarianceTest, Santos' first hour: %d laps, %d stints (%d closed), "
        + "%d stops; pit durations apart: 20x %d ms, as fast as possible %d ms; kart scores "
        + "apart: %d ms, %d ms; labels that differ (at the band's edge): %d, %d; closed stints' "
        + "driving times apart from the import's (ms): 20x %s, as fast as possible %s%n",
        imported.laps().size(), imported.stints().size(), imported.drivingMs().size(),
        imported.stops().size(), worst(imported.stopMs(), x20.stopMs(), "stops"),
        worst(imported.stopMs(), fast.stopMs(), "stops"),
        worst(imported.scoreMs(), x20.scoreMs(), "scores"),
        worst(imported.scoreMs(), fast.scoreMs(), "scores"), x20Flips, fastFlips, x20Driving,
        fastDriving);
    assertThat(x20Flips + fastFlips).as("labels at the edge")
        .isLessThanOrEqualTo(imported.labels().size() / 10);
    assertThat(last(x20Driving)).as("20x: %s", x20Driving).isLessThanOrEqualTo(2_000);
    assertThat(median(fastDriving)).as("fast: %s", fastDriving).isLessThanOrEqualTo(2_000);
    assertThat(last(fastDriving)).as("fast: %s", fastDriving).isLessThanOrEqualTo(10_000);
  }

  @Test
  void aShortRaceReadAt1xAsLiveHasTheHistoryOfItsImport() throws Exception {
    History imported = run(shortWindow, "short", "import", shortLaps);
    History live = done(shortAt1x);

    List<Long> liveOff = drivingOff(live, shortTruth);
    System.out.printf("SpeedInvarianceTest, a short race's first minutes (%d laps, %d stops) at "
        + "1x against their import: pit durations apart %d ms, kart scores %d ms, closed stints' "
        + "driving times off the truth (ms): 1x %s, imported %s%n", live.laps().size(),
        live.stops().size(), worst(imported.stopMs(), live.stopMs(), "stops"),
        worst(imported.scoreMs(), live.scoreMs(), "scores"), liveOff,
        drivingOff(imported, shortTruth));
    assertThat(live.stops()).hasSizeGreaterThanOrEqualTo(3);
    sameHistory(imported, live, "1x");
    assertThat(last(liveOff)).as("1x: %s", liveOff).isLessThanOrEqualTo(1_000);
  }

  private static long last(List<Long> sorted) {
    return sorted.get(sorted.size() - 1);
  }

  private static long median(List<Long> sorted) {
    return sorted.get(sorted.size() / 2);
  }
}
