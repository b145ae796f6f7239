package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lts.core.protocol.ColumnType;
import lts.core.protocol.Grid;
import lts.core.protocol.GridHtml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The race model keeps its own rules: stops, stint limit, pit lane queue, drivers, feed shape. */
class RaceModelTest {

  static Stream<RaceSettings> races() {
    return Stream.of(
        RaceSimulatorTest.small(1),
        RaceSimulatorTest.small(2),
        RaceSimulatorTest.small(3),
        new RaceSettings(12, 15, 2, 3, 4, 90, 30, 2, 11),
        new RaceSettings(6, 7, 0.5, 1, 0, 30, 60, 1, 12),
        new RaceSettings(8, 12, 1.5, 2, 2, 180, 15, 4, 13),
        RaceSettings.defaults());
  }

  @ParameterizedTest
  @MethodSource("races")
  void everyTeamMakesItsStopsAndRespectsTheStintLimit(RaceSettings settings) {
    Truth truth = RaceSimulator.simulate(settings).truth();
    long maxStint = settings.maxStintMin() * 60_000L;
    for (Truth.Result r : truth.results()) {
      assertThat(r.pits()).as("pits of %d", r.rowId()).isGreaterThanOrEqualTo(settings.minPits());
      assertThat(truth.pitStops()).filteredOn(p -> p.rowId() == r.rowId()).hasSize(r.pits());
      assertThat(truth.stints()).filteredOn(s -> s.rowId() == r.rowId()).hasSize(r.pits() + 1);
    }
    assertThat(truth.stints()).allSatisfy(s -> {
      assertThat(s.durationMs()).as("stint %d of %d", s.stint(), s.rowId())
          .isPositive().isLessThanOrEqualTo(maxStint);
      assertThat(s.toLap()).isGreaterThanOrEqualTo(s.fromLap());
    });
    assertThat(truth.pitStops()).allSatisfy(p -> assertThat(p.durationMs())
        .isGreaterThanOrEqualTo(settings.pitTimeS() * 1000L)
        .isLessThan(settings.pitTimeS() * 1000L + 120_000));
  }

  @ParameterizedTest
  @MethodSource("races")
  void stintsFollowEachOtherWithTheKartTakenAndTheNextDriver(RaceSettings settings) {
    Truth truth = RaceSimulator.simulate(settings).truth();
    Map<Integer, List<Truth.Stint>> stints = truth.stints().stream()
        .collect(Collectors.groupingBy(Truth.Stint::rowId));
    Map<Integer, List<Truth.PitStop>> stops = truth.pitStops().stream()
        .collect(Collectors.groupingBy(Truth.PitStop::rowId));
    for (Truth.Team team : truth.teams()) {
      List<Truth.Stint> ss = stints.get(team.rowId());
      List<Truth.PitStop> ps = stops.getOrDefault(team.rowId(), List.of());
      assertThat(ss.get(0).fromMs()).isEqualTo(truth.greenAtMs());
      for (int i = 0; i < ss.size(); i++) {
        Truth.Stint s = ss.get(i);
        assertThat(s.stint()).isEqualTo(i + 1);
        assertThat(s.driver())
            .isEqualTo(team.drivers().get(i % team.drivers().size()).name());
        if (i > 0) {
          Truth.PitStop p = ps.get(i - 1);
          assertThat(p.stop()).isEqualTo(i);
          assertThat(p.inMs()).isEqualTo(ss.get(i - 1).toMs());
          assertThat(p.outMs()).isEqualTo(s.fromMs());
          assertThat(p.kartLeft()).isEqualTo(ss.get(i - 1).kart());
          assertThat(p.kartTaken()).isEqualTo(s.kart());
          assertThat(p.driverOut()).isEqualTo(ss.get(i - 1).driver());
          assertThat(p.driverIn()).isEqualTo(s.driver());
          assertThat(p.lapIn()).isEqualTo(ss.get(i - 1).toLap());
          assertThat(p.row()).isBetween(1, settings.pitRows());
        }
      }
      // driving time is the sum of the driver's stints
      for (Truth.Driver d : team.drivers()) {
        long sum = ss.stream().filter(s -> s.driver().equals(d.name()))
            .mapToLong(Truth.Stint::durationMs).sum();
        assertThat(d.drivingMs()).as(d.name()).isEqualTo(sum);
        assertThat(d.stints()).isEqualTo((int) ss.stream()
            .filter(s -> s.driver().equals(d.name())).count());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("races")
  void thePitLaneRowsAreFifoQueues(RaceSettings settings) {
    Truth truth = RaceSimulator.simulate(settings).truth();
    List<ArrayDeque<Integer>> rows = new ArrayList<>();
    truth.initialRows().forEach(r -> rows.add(new ArrayDeque<>(r)));
    assertThat(rows).hasSize(settings.pitRows()).allSatisfy(r -> assertThat(r).isNotEmpty());
    // replay: pit-in pushes the kart left at the back, pit-out takes the front of the same row
    record Step(long at, int order, Truth.PitStop stop, boolean in) {
    }
    List<Step> steps = new ArrayList<>();
    for (Truth.PitStop p : truth.pitStops()) {
      steps.add(new Step(p.inMs(), 0, p, true));
      steps.add(new Step(p.outMs(), 1, p, false));
    }
    steps.sort(Comparator.comparingLong(Step::at).thenComparingInt(Step::order));
    for (Step s : steps) {
      ArrayDeque<Integer> row = rows.get(s.stop().row() - 1);
      if (s.in()) {
        row.addLast(s.stop().kartLeft());
      } else {
        assertThat(row.pollFirst()).as("front of row %d", s.stop().row())
            .isEqualTo(s.stop().kartTaken());
      }
    }
    List<List<Integer>> finalRows = new ArrayList<>();
    rows.forEach(r -> finalRows.add(List.copyOf(r)));
    assertThat(finalRows).isEqualTo(truth.finalRows());

    // every kart is somewhere, once: on a team's last stint or in a row
    Set<Integer> where = new HashSet<>();
    truth.finalRows().forEach(where::addAll);
    Map<Integer, Truth.Stint> last = new HashMap<>();
    truth.stints().forEach(s -> last.put(s.rowId(), s));
    last.values().forEach(s -> assertThat(where.add(s.kart())).isTrue());
    assertThat(where).hasSize(settings.karts());
  }

  @Test
  void kartLabelsFollowTheThreshold() {
    Truth truth = RaceSimulator.simulate(RaceSettings.defaults()).truth();
    assertThat(truth.karts()).hasSize(24).allSatisfy(k -> {
      Truth.Label expected = k.effectMs() <= -150 ? Truth.Label.GOOD
          : k.effectMs() >= 150 ? Truth.Label.BAD : Truth.Label.NEUTRAL;
      assertThat(k.label()).isEqualTo(expected);
    });
    assertThat(truth.karts()).extracting(Truth.Kart::label)
        .contains(Truth.Label.GOOD, Truth.Label.BAD, Truth.Label.NEUTRAL);
    assertThat(truth.labelThresholdMs()).isEqualTo(150);
  }

  @Test
  void theFeedLooksLikeSantos() {
    SimulatedRace race = RaceSimulator.simulate(RaceSimulatorTest.small(5));
    List<SimFrame> frames = race.frames();
    Truth truth = race.truth();

    assertThat(frames.get(0).atEpochMs()).isEqualTo(truth.startAtMs());
    assertThat(frames.get(frames.size() - 1).atEpochMs()).isEqualTo(truth.endAtMs());
    for (int i = 1; i < frames.size(); i++) {
      assertThat(frames.get(i).atEpochMs()).isGreaterThanOrEqualTo(frames.get(i - 1).atEpochMs());
    }

    // the init frame: session lines, then the grid with Santos' columns, then msg
    String init = frames.get(0).text();
    List<String> keys = Stream.of(init.split("\n")).filter(l -> !l.startsWith("css|"))
        .map(l -> l.substring(0, l.indexOf('|', l.indexOf('|') + 1) + 1)).toList();
    assertThat(keys).containsExactly("init|r|", "best|hide|", "effects||", "comments||",
        "title1||", "title2||", "dyn1|countdown|", "light|lr|", "wth1||", "wth2||", "wth3||",
        "track||", "com||", "grid||", "msg||");
    assertThat(init).contains("\ntitle2||CARRERA\n", "\ntrack||ADULTO (1100m)\n",
        "<td class=\"no\"><div data-id=\"r", "<td class=\"rk\"><div><p data-id=\"r");
    String html = Stream.of(init.split("\n")).filter(l -> l.startsWith("grid||")).findFirst()
        .orElseThrow().substring(6);
    Grid grid = GridHtml.parse(html);
    assertThat(grid.complete()).isTrue();
    assertThat(grid.columns().values()).containsExactly(ColumnType.GROUP, ColumnType.STATUS,
        ColumnType.RANK, ColumnType.NUMBER, ColumnType.NAME, ColumnType.LAPS,
        ColumnType.LAST_LAP, ColumnType.GAP, ColumnType.INTERVAL, ColumnType.BEST_LAP,
        ColumnType.PIT_CLOCK, ColumnType.PENALTY, ColumnType.PITS);
    assertThat(grid.rows()).extracting(Grid.Row::position)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    List<String> texts = frames.stream().map(SimFrame::text).toList();
    assertThat(texts).filteredOn(t -> t.startsWith("init|r|")).hasSize(2);
    assertThat(texts).filteredOn(t -> t.startsWith("GET / HTTP/1.1") || t.startsWith("MGLNDD_"))
        .hasSize(truth.junkFrames());
    assertThat(texts).filteredOn(t -> t.contains("light|ly|")).hasSize(1);
    assertThat(texts).filteredOn(t -> t.contains("light|lf|")).hasSize(1);
    assertThat(texts).filteredOn(t -> t.contains("c12|pena1|")).hasSize(1);
    assertThat(texts).filteredOn(t -> t.startsWith("com||") && t.contains("data-flag=\"penalty\""))
        .hasSize(1);
    // small frames: at most one line per team and a few more (the grid frames aside)
    assertThat(texts).filteredOn(t -> !t.startsWith("init|"))
        .allSatisfy(t -> assertThat(t.split("\n").length).isLessThanOrEqualTo(3 * 10 + 10));
    // typical lines
    assertThat(texts).anySatisfy(t -> assertThat(t).matches("(?s)r\\d+c2\\|si\\|\nr\\d+c11\\|to\\|00\\."
        + "\nr\\d+c13\\|in\\|\\d+\nr\\d+\\|\\*in\\|0"));
    assertThat(texts).anySatisfy(t -> assertThat(t).matches("r\\d+c11\\|to\\|1:0\\d\\."));
    assertThat(texts).anySatisfy(t -> assertThat(t).matches(
        "(?s)r\\d+c2\\|so\\|\nr\\d+c5\\|drteam\\|[A-Z\u00d1 ]+ \\[\\d:\\d\\d\\]\nr\\d+\\|\\*out\\|0"));
    assertThat(texts).anySatisfy(t -> assertThat(t).matches("dyn1\\|countdown\\|\\d+"));
    assertThat(texts).anySatisfy(t -> assertThat(t).contains("c8|in|Vuelta "));
    assertThat(texts).anySatisfy(t -> assertThat(t).containsPattern("c8\\|ib\\|\\d+ Vueltas?\n"));
    assertThat(texts).anySatisfy(t -> assertThat(t).containsPattern("c7\\|tn\\|1:0\\d\\.\\d{3}\n"));
    assertThat(texts).anySatisfy(t -> assertThat(t).containsPattern("c7\\|ti\\|1:0\\d\\.\\d{3}\n"));
    assertThat(texts).anySatisfy(t -> assertThat(t).containsPattern("r\\d+\\|\\*\\|\\d+\\|"));
    assertThat(texts).anySatisfy(t -> assertThat(t).containsPattern("r\\d+\\|#\\|\\d+"));
    assertThat(texts).filteredOn(t -> t.contains("|drteam|")).isNotEmpty()
        .anySatisfy(t -> assertThat(t.split("\n")).hasSize(10));
  }

  @Test
  void theTruthIsJson() {
    Truth truth = RaceSimulator.simulate(RaceSimulatorTest.small(4)).truth();
    String json = truth.toJson();
    assertThat(json).startsWith("{\n  \"settings\": {\n    \"teams\": 10,\n    \"karts\": 13,\n"
        + "    \"hours\": 1,\n").endsWith("\n}\n");
    List<String> keys = Stream.of(json.split("\n")).filter(l -> l.startsWith("  \"") )
        .map(l -> l.substring(3, l.indexOf('"', 3))).toList();
    assertThat(keys).containsExactly("settings", "event_code", "title1", "title2", "track",
        "track_length_m", "start_at_ms", "green_at_ms", "countdown_end_at_ms", "chequered_at_ms",
        "end_at_ms", "base_lap_ms", "label_threshold_ms", "yellow", "reconnect", "junk_frames",
        "frames", "lines", "karts", "initial_rows", "final_rows", "teams", "stints", "pit_stops",
        "penalties", "results");
    assertThat(json).contains("\"event_code\": \"sim-4\"", "\"label\": \"good\"",
        "{\"position\": 1, \"row_id\": " + truth.results().get(0).rowId() + ", ");
    // brackets balance outside strings
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"' && json.charAt(i - 1) != '\\') {
        inString = !inString;
      } else if (!inString && (c == '{' || c == '[')) {
        depth++;
      } else if (!inString && (c == '}' || c == ']')) {
        depth--;
        assertThat(depth).isNotNegative();
      }
    }
    assertThat(depth).isZero();
    assertThat(json.split("\"position\": ", -1)).hasSize(11);
  }

  @Test
  void theStartDateFollowsTheSeed() {
    Truth a = RaceSimulator.simulate(RaceSimulatorTest.small(365)).truth();
    Truth b = RaceSimulator.simulate(RaceSimulatorTest.small(366)).truth();
    assertThat(a.startAtMs()).isEqualTo(1_780_300_800_000L); // 2026-06-01T08:00:00Z
    assertThat(b.startAtMs()).isEqualTo(1_780_300_800_000L + 86_400_000L);
    assertThat(a.greenAtMs()).isEqualTo(a.startAtMs() + 45_000);
    assertThat(a.chequeredAtMs()).isGreaterThanOrEqualTo(a.countdownEndAtMs());
    assertThat(a.countdownEndAtMs() - a.greenAtMs())
        .isEqualTo(3_600_000 + a.yellow().toMs() - a.yellow().fromMs());
  }
}
