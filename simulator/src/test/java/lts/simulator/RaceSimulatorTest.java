package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import lts.core.event.LapCountCorrected;
import lts.core.event.Light;
import lts.core.event.LightChanged;
import lts.core.event.RaceEvent;
import lts.core.event.SessionResumed;
import lts.core.event.SessionStarted;
import lts.core.protocol.ApexEngine;
import lts.core.protocol.FeedStats;
import lts.core.standings.LiveStandings;
import lts.core.standings.TeamStanding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RaceSimulatorTest {

  /** A small race: 1 hour, 10 teams, short stints, so that 20 seeds stay fast. */
  static RaceSettings small(long seed) {
    return new RaceSettings(10, 13, 1, 2, 3, 60, 20, 3, seed);
  }

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 20);
  }

  /** What the engine made of a feed. */
  record Parsed(FeedStats stats, List<TeamStanding> teams, List<RaceEvent> events) {
  }

  static Parsed parse(SimulatedRace race) {
    ApexEngine engine = new ApexEngine(race.truth().eventCode());
    LiveStandings standings = new LiveStandings();
    List<RaceEvent> events = new ArrayList<>();
    for (SimFrame f : race.frames()) {
      engine.accept(f.atEpochMs(), f.text(), e -> {
        standings.apply(e);
        events.add(e);
      });
    }
    engine.finish(e -> {
      standings.apply(e);
      events.add(e);
    });
    return new Parsed(engine.stats(), standings.teams(engine.session()), events);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theEngineReadsEverySimulatedRaceAndFoldsToTheTruth(long seed) {
    SimulatedRace race = RaceSimulator.simulate(small(seed));
    assertEngineAgreesWithTruth(race);
  }

  @Test
  void theDefaultRaceToo() {
    SimulatedRace race = RaceSimulator.simulate(RaceSettings.defaults());
    assertEngineAgreesWithTruth(race);
    assertThat(race.truth().results()).hasSize(20);
    assertThat(race.truth().karts()).hasSize(24);
  }

  private static void assertEngineAgreesWithTruth(SimulatedRace race) {
    Truth truth = race.truth();
    Parsed parsed = parse(race);

    assertThat(truth.junkFrames()).isBetween(1, 4);
    assertThat(parsed.stats().junkFrames()).isEqualTo(truth.junkFrames());
    assertThat(parsed.stats().unparsed()).isEqualTo(parsed.stats().junkFrames());
    assertThat(parsed.stats().frames()).isEqualTo(truth.frames());
    assertThat(parsed.stats().lines()).isEqualTo(truth.lines());

    // one session, resumed once by the reconnect
    assertThat(parsed.events()).filteredOn(SessionStarted.class::isInstance).hasSize(1);
    assertThat(parsed.events()).filteredOn(SessionResumed.class::isInstance).hasSize(1);
    assertThat(parsed.events()).filteredOn(LightChanged.class::isInstance)
        .extracting(e -> ((LightChanged) e).light())
        .containsExactly(Light.RED, Light.GREEN, Light.YELLOW, Light.GREEN, Light.FINISHED);
    // the penalty lowers the laps cell
    Truth.Penalty penalty = truth.penalties().get(0);
    assertThat(parsed.events()).filteredOn(LapCountCorrected.class::isInstance)
        .map(LapCountCorrected.class::cast)
        .anySatisfy(c -> {
          assertThat(c.rowId()).isEqualTo(penalty.rowId());
          assertThat(c.to()).isEqualTo(c.from() - penalty.laps());
        });

    Map<Integer, TeamStanding> byRow = new HashMap<>();
    parsed.teams().forEach(t -> byRow.put(t.rowId(), t));
    assertThat(byRow).hasSameSizeAs(truth.results());
    for (Truth.Result r : truth.results()) {
      TeamStanding s = byRow.get(r.rowId());
      assertThat(s).as("row %d", r.rowId()).isNotNull();
      assertThat(s.number()).as("number of %d", r.rowId()).isEqualTo(r.number());
      assertThat(s.name()).as("name of %d", r.rowId()).isEqualTo(r.name());
      assertThat(s.laps()).as("laps of %d", r.rowId()).isEqualTo(r.laps());
      assertThat(s.pits()).as("pits of %d", r.rowId()).isEqualTo(r.pits());
      assertThat(s.bestLapMs()).as("best lap of %d", r.rowId()).isEqualTo(r.bestLapMs());
      assertThat(s.lastLapMs()).as("last lap of %d", r.rowId()).isEqualTo(r.lastLapMs());
      assertThat(s.position()).as("position of %d", r.rowId()).isEqualTo(r.position());
      assertThat(s.driver()).as("driver of %d", r.rowId()).isEqualTo(r.driver());
      assertThat(s.inPit()).as("in pit %d", r.rowId()).isFalse();
    }
  }

  @Test
  void theSameSeedGivesTheSameRaceAndAnotherSeedAnotherRace() {
    SimulatedRace a = RaceSimulator.simulate(small(7));
    SimulatedRace b = RaceSimulator.simulate(small(7));
    SimulatedRace c = RaceSimulator.simulate(small(8));

    assertThat(b.frames()).isEqualTo(a.frames());
    assertThat(b.truth()).isEqualTo(a.truth());
    assertThat(b.truth().toJson()).isEqualTo(a.truth().toJson());
    assertThat(c.frames()).isNotEqualTo(a.frames());
    assertThat(c.truth().toJson()).isNotEqualTo(a.truth().toJson());
  }

  @Test
  void streamingGivesTheSameFramesAsTheListAndTheSameTruth() {
    RaceSettings settings = small(3);
    List<SimFrame> streamed = new ArrayList<>();
    Truth truth = RaceSimulator.run(settings, (at, text) -> streamed.add(new SimFrame(at, text)));
    SimulatedRace race = RaceSimulator.simulate(settings);
    assertThat(streamed).isEqualTo(race.frames());
    assertThat(truth).isEqualTo(race.truth());
  }

  @Test
  void theSinkExceptionStopsTheRun() {
    class Full extends Exception {
    }
    int[] count = {0};
    assertThatThrownBy(() -> RaceSimulator.run(small(1), (at, text) -> {
      if (++count[0] == 100) {
        throw new Full();
      }
    })).isInstanceOf(Full.class);
    assertThat(count[0]).isEqualTo(100);
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> RaceSimulator.simulate(small(1).withKarts(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("more teams (10) than karts (5)");
  }
}
