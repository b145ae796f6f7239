package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lts.contracts.RaceRules;
import lts.simulator.RaceSettings;
import lts.simulator.RaceSimulator;
import lts.simulator.SimulatedRace;
import lts.simulator.Truth;
import org.junit.jupiter.api.Test;

/**
 * Stint driving times are the race's, whatever the speed the feed is read at (docs/LAPS.md, "Race
 * time"): on simulated races, each closed stint's driving time (pit-out, or the green light, to
 * pit-in; not those next to a stop begun in a hole of the feed, whose times are unknown and marked)
 * equals the truth when the feed is read at its pace, and read as fast as possible (the
 * race clock on the feed's evidence alone) it is within a second for most stints. The pit clock's
 * ticks place each pit-in, Apex's pit clock each pit-out after it, the green light the first
 * stint's start.
 */
class StintTimesTruthTest {

  private static final int RACES = 4;

  /** A race's closed stints: our driving time less the truth's, ms. */
  private static long[] drivingErrors(long seed, boolean fullSpeed) {
    RaceSettings settings = new RaceSettings(20, 24, 1.5, 2, 3, 120, 40, 3, seed);
    SimulatedRace race = RaceSimulator.simulate(settings);
    FeedModel feed = new FeedModel(race.truth().eventCode());
    Races.events(race, fullSpeed).forEach(feed::apply);
    SessionModel session = feed.sessions.values().stream().reduce((a, b) -> b).orElseThrow();
    session.rows(RaceRules.defaults(5), LabelOverrides.NONE, true);
    List<Long> errors = new ArrayList<>();
    for (TeamState t : session.teams.values()) {
      List<TableRow.PitStopRow> stops = t.pitStopRows("sim", 1);
      for (TableRow.StintRow s : t.stintRows("sim", 1)) {
        if (s.endLap() == null) {
          continue; // open: ends at the team's finish
        }
        int n = s.stint();
        if (stops.get(n - 1).inHole() || n > 1 && stops.get(n - 2).inHole()) {
          continue; // a stop begun in a hole of the feed: its times are unknown, and marked so
        }
        Optional<Truth.Stint> truth = race.truth().stints().stream()
            .filter(x -> x.rowId() == t.rowId && x.stint() == s.stint()).findFirst();
        assertThat(truth).as("stint %d of row %d in the truth", s.stint(), t.rowId).isPresent();
        assertThat(s.drivingMs()).as("stint %d of row %d", s.stint(), t.rowId).isNotNull();
        errors.add(s.drivingMs() - truth.get().durationMs());
      }
    }
    assertThat(errors).as("closed stints, seed %d", seed).hasSizeGreaterThan(50);
    return errors.stream().mapToLong(Long::longValue).toArray();
  }

  private static long[] sortedAbs(List<long[]> runs) {
    return runs.stream().flatMapToLong(Arrays::stream).map(Math::abs).sorted().toArray();
  }

  @Test
  void stintDrivingTimesAreTheRacesAtItsPaceAndWithinASecondMostlyAsFastAsPossible() {
    List<long[]> paced = new ArrayList<>();
    List<long[]> fast = new ArrayList<>();
    for (long seed = 1; seed <= RACES; seed++) {
      paced.add(drivingErrors(seed, false));
      fast.add(drivingErrors(seed, true));
    }
    long[] p = sortedAbs(paced);
    long[] f = sortedAbs(fast);
    long fastWithinASecond = Arrays.stream(f).filter(e -> e <= 1_000).count();
    String figures = String.format("%d closed stints; at the feed's pace: %d equal the truth, worst "
        + "%d ms; as fast as possible: median %d ms, %d within 1 s, p90 %d ms, worst %d ms",
        p.length, Arrays.stream(p).filter(e -> e == 0).count(), p[p.length - 1], f[f.length / 2],
        fastWithinASecond, f[f.length * 9 / 10], f[f.length - 1]);
    System.out.println("StintTimesTruthTest: " + figures);

    // at its pace the instants are the frames': a stint lasts what the race says
    assertThat(p[p.length - 1]).as(figures).isZero();
    // as fast as possible, the clock stands on evidence; most stints within a second, none off
    // by more than the time between two pieces of evidence (before, the first stint alone was
    // about 70 s long and others up to 80 s off)
    assertThat(f[f.length / 2]).as(figures).isLessThanOrEqualTo(1_000);
    assertThat(fastWithinASecond).as(figures).isGreaterThanOrEqualTo(f.length * 2L / 3);
    assertThat(f[f.length - 1]).as(figures).isLessThanOrEqualTo(10_000);
  }
}
