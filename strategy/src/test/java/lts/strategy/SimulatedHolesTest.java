package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceRules;
import lts.core.event.RaceEvent;
import lts.simulator.FeedStyle;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.SimulatedRace;
import lts.simulator.Truth;
import org.junit.jupiter.api.Test;

/**
 * Races recorded with holes (each ended by a re-sent grid), on a page without a laps column: the
 * stops the feed shows and the ones that fell in a hole are every stop the pit counter counts, no
 * more; stops begun in a hole are marked, every stop closes, the pit lane never holds more karts
 * than the race has (docs/LAPS.md); what the feed determines equals the truth: the lap in (or it
 * is marked an estimate), Apex's pit clock (or, ended in a hole, no length), the laps of a stint
 * between two such stops; whether the feed is read at its pace or as fast as possible (the
 * figures count both readings).
 */
class SimulatedHolesTest {

  private static final int RACES = 20;

  @Test
  void stopsInHolesAreMarkedNoneIsInventedAndThePitLaneStaysWithinTheKartsAtAnySpeed() {
    int stops = 0;
    int inHoleTruth = 0;
    int inHoleMarked = 0;
    int biggestLane = 0;
    int karts = 0;
    int determined = 0;
    int timed = 0;
    int stintsKnown = 0;
    int endedInHole = 0;
    List<String> wrongLapIn = new ArrayList<>();
    List<String> wrongStint = new ArrayList<>();
    for (int run = 0; run < RACES * 2; run++) {
      long seed = run / 2 + 1;
      boolean fullSpeed = run % 2 == 1; // read as fast as possible: instants from evidence only
      RaceSettings settings = new RaceSettings(20, 24, 1.5, 2, 3, 120, 40, 3, seed);
      karts = settings.karts();
      SimulatedRace race = RaceSimulator.simulate(settings,
          new FeedStyle(false, FeedStyle.LappedGap.TIME, 3, 5));
      List<RaceEvent> events = Races.events(race, fullSpeed);
      FeedModel feed = new FeedModel(race.truth().eventCode());
      RaceRules d = RaceRules.defaults(5);
      RaceRules rules = new RaceRules(d.minPitStops(), d.pitTimeMs(), settings.pitRows(),
          settings.karts() - settings.teams(), null, null, null, d.avgLaps(), d.labelBandMs(),
          d.minCleanLaps());
      SessionModel raceSession = null;
      for (int i = 0; i < events.size(); i++) {
        feed.apply(events.get(i));
        if (i % 200 == 0 || i == events.size() - 1) {
          for (SessionModel s : feed.sessions.values()) {
            biggestLane = Math.max(biggestLane, s.rows(rules, LabelOverrides.NONE, true)
                .pitQueue.size());
            raceSession = s;
          }
        }
      }
      // the holes asked for, and the simulator's own mid-race reconnect (5 to 20 s lost)
      List<Truth.Hole> holes = new ArrayList<>(race.truth().holes());
      holes.add(new Truth.Hole(race.truth().reconnect().droppedFromMs(),
          race.truth().reconnect().atMs()));
      Map<Integer, Integer> counted = new HashMap<>();
      for (TeamState t : raceSession.teams.values()) {
        List<TableRow.PitStopRow> rows = t.pitStopRows("sim", 1);
        for (TableRow.PitStopRow p : rows) {
          assertThat(p.outAt()).as("stop %d of row %d closed, seed %d, full speed %s, race %s", p.pit(),
              p.rowId(), seed, fullSpeed, p).isNotNull();
          if (p.counted()) {
            counted.merge(p.rowId(), 1, Integer::sum);
          }
          inHoleMarked += p.inHole() ? 1 : 0;
          Truth.PitStop truth = race.truth().pitStops().stream()
              .filter(x -> x.rowId() == p.rowId() && x.stop() == p.pit()).findFirst().orElse(null);
          if (truth != null && !p.inHole()) {
            // what the feed showed: the lap in (marked when an estimate) and Apex's pit clock
            if (!p.lapInEstimated()) {
              determined++;
              if (!java.util.Objects.equals(p.lapIn(), truth.lapIn())) {
                wrongLapIn.add(String.format("seed %d%s row %d stop %d: lap %s, truth %d", seed,
                    fullSpeed ? " full speed" : "", p.rowId(), p.pit(), p.lapIn(),
                    truth.lapIn()));
              }
            }
            if (p.durationMs() == null) {
              // no length: it ended in a hole (out in the re-sent grid)
              assertThat(holes.stream().anyMatch(h -> h.covers(truth.outMs())))
                  .as("stop %d of row %d without a length ended in a hole", p.pit(), p.rowId())
                  .isTrue();
              endedInHole++;
            } else {
              assertThat(truth.durationMs() - p.durationMs()).as("stop %d of row %d: Apex's "
                  + "whole seconds", p.pit(), p.rowId()).isBetween(0L, 1_000L);
              timed++;
            }
          }
        }
        for (TableRow.StintRow st : t.stintRows("sim", 1)) {
          int n = st.stint();
          boolean known = st.endLap() != null && n <= rows.size()
              && !rows.get(n - 1).inHole() && !rows.get(n - 1).lapInEstimated()
              && (n == 1 || !rows.get(n - 2).inHole() && !rows.get(n - 2).lapInEstimated());
          Truth.Stint truth = race.truth().stints().stream()
              .filter(x -> x.rowId() == t.rowId && x.stint() == n).findFirst().orElse(null);
          if (known && truth != null) {
            stintsKnown++;
            if (st.laps() != truth.toLap() - truth.fromLap()) {
              wrongStint.add(String.format("seed %d%s row %d stint %d: %d laps, truth %d", seed,
                  fullSpeed ? " full speed" : "", t.rowId, n, st.laps(),
                  truth.toLap() - truth.fromLap()));
            }
          }
        }
      }
      Map<Integer, Integer> truthStops = new HashMap<>();
      for (Truth.PitStop p : race.truth().pitStops()) {
        truthStops.merge(p.rowId(), 1, Integer::sum);
        stops++;
        if (holes.stream().anyMatch(h -> h.covers(p.inMs()))) {
          inHoleTruth++;
        }
      }
      assertThat(counted).as("counted stops per team, seed %d, full speed %s", seed, fullSpeed)
          .isEqualTo(truthStops);
    }
    String figures = String.format("%d stops, %d begun in a hole, %d marked so; of the others "
        + "%d laps in equal the truth (the rest marked estimated), %d durations within Apex's "
        + "second, %d without one (ended in a hole); %d closed stints between two such stops, "
        + "%d with other laps than the truth's; biggest pit lane %d karts of %d; wrong laps in: "
        + "%s; wrong stints: %s", stops, inHoleTruth, inHoleMarked, determined - wrongLapIn.size(),
        timed, endedInHole, stintsKnown, wrongStint.size(), biggestLane, karts, wrongLapIn,
        wrongStint);
    System.out.println("SimulatedHolesTest: " + figures);

    assertThat(inHoleTruth).as(figures).isGreaterThan(10);
    assertThat(determined).as(figures).isGreaterThan(stops / 2);
    assertThat(stintsKnown).as(figures).isGreaterThan(stops / 2);
    // not yet all: after a hole, an interval read against a row whose crossings the hole left
    // wrong corrects a count by a lap or two (seed 7: 42 -> 40 after a stop); fewer than 1 in 200
    assertThat(wrongLapIn.size()).as(figures).isLessThan(determined / 200);
    assertThat(wrongStint.size()).as(figures).isLessThan(stintsKnown / 200);
    assertThat(inHoleMarked).as(figures).isEqualTo(inHoleTruth);
    assertThat(biggestLane).as(figures).isLessThanOrEqualTo(karts);
  }
}
