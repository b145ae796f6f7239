package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lts.contracts.RaceRules;
import lts.core.event.RaceEvent;
import lts.core.protocol.ApexEngine;
import lts.simulator.FeedStyle;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.SimFrame;
import lts.simulator.SimulatedRace;
import lts.simulator.Truth;
import org.junit.jupiter.api.Test;

/**
 * Races recorded with holes (each ended by a re-sent grid), on a page without a laps column: the
 * stops the feed shows and the ones that fell in a hole are every stop the pit counter counts, no
 * more; stops begun in a hole are marked, every stop closes, and the pit lane never holds more
 * karts than the race has (docs/LAPS.md), whether the feed is read at its pace or as fast as
 * possible (the figures count both readings).
 */
class SimulatedHolesTest {

  private static final int RACES = 5;

  @Test
  void stopsInHolesAreMarkedNoneIsInventedAndThePitLaneStaysWithinTheKartsAtAnySpeed() {
    int stops = 0;
    int inHoleTruth = 0;
    int inHoleMarked = 0;
    int biggestLane = 0;
    int karts = 0;
    for (int run = 0; run < RACES * 2; run++) {
      long seed = run / 2 + 1;
      boolean fullSpeed = run % 2 == 1; // read as fast as possible: instants from evidence only
      RaceSettings settings = new RaceSettings(20, 24, 1.5, 2, 3, 120, 40, 3, seed);
      karts = settings.karts();
      SimulatedRace race = RaceSimulator.simulate(settings,
          new FeedStyle(false, FeedStyle.LappedGap.TIME, 3, 5));
      ApexEngine engine = new ApexEngine(race.truth().eventCode());
      List<RaceEvent> events = new ArrayList<>();
      long t0 = race.frames().get(0).atEpochMs();
      long index = 0;
      for (SimFrame f : race.frames()) {
        engine.accept(fullSpeed ? t0 + index++ / 20 : f.atEpochMs(), f.text(), events::add);
      }
      engine.finish(events::add);
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
        for (TableRow.PitStopRow p : t.pitStopRows("sim", 1)) {
          assertThat(p.outAt()).as("stop %d of row %d closed", p.pit(), p.rowId()).isNotNull();
          if (p.counted()) {
            counted.merge(p.rowId(), 1, Integer::sum);
          }
          inHoleMarked += p.inHole() ? 1 : 0;
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
    String figures = String.format("%d stops, %d begun in a hole, %d marked so; biggest pit lane "
        + "%d karts of %d", stops, inHoleTruth, inHoleMarked, biggestLane, karts);
    System.out.println("SimulatedHolesTest: " + figures);

    assertThat(inHoleTruth).as(figures).isGreaterThan(10);
    assertThat(inHoleMarked).as(figures).isEqualTo(inHoleTruth);
    assertThat(biggestLane).as(figures).isLessThanOrEqualTo(karts);
  }
}
