package lts.app;

import static lts.app.DemoPipeline.assertWithin;
import static lts.app.DemoPipeline.labelsAtTheEdge;
import static lts.app.DemoPipeline.worst;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lts.app.DemoPipeline.History;
import lts.testkit.SharedData;
import lts.testkit.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The real 12-hour Santos race, its first hour from the race's grid ({@code init|r|}), through the
 * whole pipeline of {@code lts demo}: imported with its recorded instants (the race as it was
 * received), replayed at 20× and as fast as it can be read, the same laps, stints and stops, pit
 * durations within a second (Apex's pit clock) and stint driving times close to the import's
 * (docs/LAPS.md, "Race time"). The recording's instants have a resolution of one second.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SantosSpeedInvarianceTest {

  private static final long WINDOW_MS = 60 * 60_000;

  private TestDatabases dbs;
  private Path window;
  private long laps;

  @BeforeAll
  void cutTheWindow() throws Exception {
    Path santos = SharedData.recording("santos-12h-2026-04-25.log.gz");
    dbs = new TestDatabases(TestDatabases.Kind.H2, "SantosSpeedInvarianceTest");
    window = Files.createTempDirectory("lts-santos-").resolve("santos-first-hour.jsonl");
    laps = DemoPipeline.window(santos, f -> f.text().startsWith("init|r|"), WINDOW_MS, window);
    assertThat(laps).as("laps of the window").isGreaterThan(500);
  }

  @AfterAll
  void cleanUp() throws Exception {
    if (dbs != null) {
      dbs.close();
    }
    if (window != null) {
      Files.deleteIfExists(window);
    }
  }

  private History run(String mode) throws Exception {
    return DemoPipeline.run(dbs, window, mode, laps, History::of);
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

  @Test
  void theFirstHourOfTheRealRaceHasTheSameHistoryImportedAt20xAndAsFastAsPossible()
      throws Exception {
    History imported = run("import");
    History x20 = run("20");
    History fast = run("max");

    assertThat(imported.laps()).hasSizeGreaterThan(500);
    assertThat(imported.stops()).hasSizeGreaterThanOrEqualTo(15);
    for (History other : List.of(x20, fast)) {
      assertThat(other.laps()).isEqualTo(imported.laps());
      assertThat(other.stops()).isEqualTo(imported.stops());
      assertThat(other.stints()).isEqualTo(imported.stints());
      assertWithin(imported.stopMs(), other.stopMs(), 1_000, "pit stop durations");
    }
    List<Long> x20Driving = apart(imported.drivingMs(), x20.drivingMs());
    List<Long> fastDriving = apart(imported.drivingMs(), fast.drivingMs());
    System.out.printf("SantosSpeedInvarianceTest: %d laps, %d stints (%d closed), %d stops; pit "
        + "durations apart: 20x %d ms, as fast as possible %d ms; kart scores apart: %d ms, %d "
        + "ms; labels that differ (at the band's edge): %d, %d; closed stints' driving times "
        + "apart from the import's (ms): 20x %s, as fast as possible %s%n", imported.laps().size(),
        imported.stints().size(), imported.drivingMs().size(), imported.stops().size(),
        worst(imported.stopMs(), x20.stopMs(), "stops"),
        worst(imported.stopMs(), fast.stopMs(), "stops"),
        worst(imported.scoreMs(), x20.scoreMs(), "scores"),
        worst(imported.scoreMs(), fast.scoreMs(), "scores"),
        labelsAtTheEdge(imported.labels(), imported.scoreMs(), x20.labels(), x20.scoreMs()),
        labelsAtTheEdge(imported.labels(), imported.scoreMs(), fast.labels(), fast.scoreMs()),
        x20Driving, fastDriving);

    assertThat(x20Driving.get(x20Driving.size() - 1)).as("20x: %s", x20Driving)
        .isLessThanOrEqualTo(2_000);
    assertThat(fastDriving.get(fastDriving.size() / 2)).as("fast: %s", fastDriving)
        .isLessThanOrEqualTo(2_000);
    assertThat(fastDriving.get(fastDriving.size() - 1)).as("fast: %s", fastDriving)
        .isLessThanOrEqualTo(10_000);
  }
}
