package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrategyTest {

  private static LapSample lap(int n, long ms) {
    return new LapSample(n, ms, n * 65_000L, false, false, false);
  }

  @Test
  void outLapInLapYellowSlowAndFarLapsAreNotClean() {
    List<LapSample> laps = List.of(
        new LapSample(1, 95_000L, 0, true, false, false),
        lap(2, 65_000), lap(3, 65_200), lap(4, 64_900), lap(5, 65_100),
        lap(6, 66_500), // 1.45 s off a median of ~65.1 s with MAD floor 0.3 s: > 3 × 0.3 s
        lap(7, 76_000), // over 115 %
        new LapSample(8, 70_000L, 0, false, false, true),
        new LapSample(9, null, 0, false, false, false),
        lap(10, 65_050),
        new LapSample(11, 90_000L, 0, false, true, false));
    assertThat(OutlierRule.DEFAULT.classify(laps)).containsExactly(
        LapVerdict.OUT_LAP, LapVerdict.CLEAN, LapVerdict.CLEAN, LapVerdict.CLEAN, LapVerdict.CLEAN,
        LapVerdict.OUTLIER, LapVerdict.SLOW, LapVerdict.YELLOW, LapVerdict.NO_TIME,
        LapVerdict.CLEAN, LapVerdict.IN_LAP);
  }

  @Test
  void stintsSplitAtPitInsWithOutLapsInLapsAndTheAverageOfTheLastFiveCleanLaps() {
    List<StintLaps.Lap> laps = new ArrayList<>();
    long[] times = {66_000, 65_000, 65_100, 65_200, 65_300, 65_400, 65_500, 80_000, // stint 1: 1..8
        95_000, 64_000, 64_100, 64_200}; // stint 2: 9..12, open
    for (int i = 0; i < times.length; i++) {
      laps.add(new StintLaps.Lap(i + 1, times[i], (i + 1) * 65_000L, i < 8 ? "ANA" : "BOB", false));
    }
    List<Stint> stints = new StintLaps(OutlierRule.DEFAULT, 5).stints(7, laps, List.of(8), false);
    assertThat(stints).hasSize(2);
    Stint first = stints.get(0);
    assertThat(first.startLap()).isEqualTo(1);
    assertThat(first.endLap()).isEqualTo(8);
    assertThat(first.laps()).isEqualTo(8);
    assertThat(first.driver()).isEqualTo("ANA");
    assertThat(first.bestMs()).isEqualTo(65_000);
    assertThat(first.verdicts().get(7)).isEqualTo(LapVerdict.IN_LAP);
    // last five clean laps: 65.1 65.2 65.3 65.4 65.5 (lap 1 at 66.0 is clean but older)
    assertThat(first.averageMs()).isEqualTo(65_300);
    Stint second = stints.get(1);
    assertThat(second.open()).isTrue();
    assertThat(second.startLap()).isEqualTo(9);
    assertThat(second.verdicts().get(0)).isEqualTo(LapVerdict.OUT_LAP);
    assertThat(second.averageMs()).isEqualTo(64_100);
    assertThat(second.cleanLaps()).isEqualTo(3);
  }

  @Test
  void aTeamInThePitLaneHasNoOpenStint() {
    List<StintLaps.Lap> laps = List.of(new StintLaps.Lap(1, 65_000L, 0, "A", false),
        new StintLaps.Lap(2, 66_000L, 0, "A", false));
    List<Stint> stints = new StintLaps(OutlierRule.DEFAULT, 5).stints(7, laps, List.of(2), true);
    assertThat(stints).singleElement().satisfies(s -> assertThat(s.endLap()).isEqualTo(2));
  }

  @Test
  void fieldReferenceIsTheMedianOfTheLastWindowOfLaps() {
    FieldReference field = new FieldReference(600_000);
    assertThat(field.median()).isNull();
    field.add(0, 70_000);
    field.add(100_000, 65_000);
    field.add(200_000, 66_000);
    assertThat(field.median()).isEqualTo(66_000);
    field.add(700_000, 64_000); // the lap at t=0 falls out of the 10-minute window
    assertThat(field.size()).isEqualTo(3);
    assertThat(field.median()).isEqualTo(65_000);
  }

  /** What the odds say when the queue predicts {@code p}: some stops give an unknown kart. */
  private static double mixed(double p, double baseRate) {
    double u = GoodKartOdds.UNPREDICTED_KART_SHARE;
    return (1 - u) * p + u * baseRate;
  }

  private static PitLaneQueue.Kart kart(int team, KartLabel label) {
    return new PitLaneQueue.Kart(team, 1, label, null, 0);
  }

  @Test
  void withOneRowThePitLaneIsExactlyFirstInFirstOut() {
    PitLaneQueue lane = new PitLaneQueue(1, 1, 0);
    lane.push(7, kart(7, KartLabel.GOOD));
    lane.push(8, kart(8, KartLabel.BAD));
    lane.pop(7); // takes the spare
    assertThat(lane.lanes()).hasSize(1);
    assertThat(lane.rows()).containsExactly(List.of(kart(7, KartLabel.GOOD), kart(8, KartLabel.BAD)));
    lane.pop(8);
    assertThat(lane.rows()).containsExactly(List.of(kart(8, KartLabel.BAD)));
    assertThat(lane.size()).isEqualTo(1);
  }

  @Test
  void withTwoRowsEveryRowIsEquallyLikelyAndATeamTakesTheFrontOfItsOwnRow() {
    PitLaneQueue lane = new PitLaneQueue(2, 2, 0); // spare 1 in row 0, spare 2 in row 1
    PitLaneQueue.Kart spare1 = lane.rows().get(0).get(0);
    PitLaneQueue.Kart spare2 = lane.rows().get(1).get(0);
    lane.push(7, kart(7, KartLabel.GOOD));
    assertThat(lane.lanes()).extracting(Map.Entry::getValue).containsExactly(0.5, 0.5);
    lane.pop(7);
    // row 0: it took spare 1, its kart waits there; row 1: it took spare 2
    assertThat(lane.lanes()).extracting(e -> e.getKey().rows()).containsExactlyInAnyOrder(
        List.of(List.of(kart(7, KartLabel.GOOD)), List.of(spare2)),
        List.of(List.of(spare1), List.of(kart(7, KartLabel.GOOD))));
    // two teams by the same path end in the same lane: the lanes merge
    lane.push(8, kart(8, KartLabel.BAD));
    lane.pop(8);
    assertThat(lane.lanes()).hasSize(4);
    assertThat(lane.lanes().stream().mapToDouble(Map.Entry::getValue).sum())
        .isCloseTo(1.0, within(1e-12));
    assertThat(lane.size()).isEqualTo(2);
  }

  @Test
  void goodKartOddsAreExactOverLanesRowsAndTheTeamsStillInThePitLane() {
    // a team alone in an empty pit lane takes its own kart back
    PitLaneQueue lane = new PitLaneQueue(2, 0, 0);
    lane.push(1, kart(1, KartLabel.GOOD));
    lane.pop(1); // nothing to take but its own: the lane is empty again
    assertThat(lane.size()).isZero();
    assertThat(GoodKartOdds.odds(lane, k -> 1.0, 0.3, List.of()).now()).isNull();

    PitLaneQueue alone = new PitLaneQueue(1, 0, 0);
    alone.push(1, kart(1, KartLabel.GOOD));
    // team 1 will take its own kart back before us: nothing is known of what we would get
    assertThat(GoodKartOdds.odds(alone, k -> 0.9, 0.3, List.of()).now())
        .isCloseTo(mixed(0.3, 0.3), within(1e-12));

    Map<Integer, Double> p = Map.of(1, 0.9, 2, 0.1);
    PitLaneQueue q = new PitLaneQueue(1, 1, 0); // [spare]
    q.push(1, kart(1, KartLabel.GOOD)); // [spare, 1]: team 1 takes the spare first
    assertThat(GoodKartOdds.odds(q, k -> k.fromRowId() == null ? 0.5 : p.get(k.fromRowId()), 0.3,
        List.of()).now()).isCloseTo(mixed(0.9, 0.3), within(1e-12));
    q.push(2, kart(2, KartLabel.BAD)); // [spare, 1, 2]
    q.pop(1); // [1, 2], team 2 still in the pit lane
    GoodKartOdds.Odds odds = GoodKartOdds.odds(q, k -> p.get(k.fromRowId()), 0.3,
        List.of(0.2, 0.6));
    assertThat(odds.now()).isCloseTo(mixed(0.1, 0.3), within(1e-12)); // team 2 takes kart 1, we kart 2
    // +1: team 2 has left with kart 1; the next stopper leaves a 0.2 kart and takes kart 2
    assertThat(odds.afterOneStop()).isCloseTo(mixed(0.2, 0.3), within(1e-12));
    // +2: the one after leaves a 0.6 kart and takes the 0.2 one
    assertThat(odds.afterTwoStops()).isCloseTo(mixed(0.6, 0.3), within(1e-12));

    // two rows, by hand: row 0 = [a, b], row 1 = [c]; nobody in the pit lane
    PitLaneQueue two = new PitLaneQueue(2, 3, 0); // spares 1, 3 in row 0; spare 2 in row 1
    Map<Integer, Double> s = Map.of(1, 0.9, 2, 0.4, 3, 0.1);
    GoodKartOdds.Odds o = GoodKartOdds.odds(two, k -> s.get(k.fromStint()), 0.3, List.of(0.7));
    assertThat(o.now()).isCloseTo(mixed((0.9 + 0.4) / 2, 0.3), within(1e-12));
    // +1: the stopper uses row 0 (→ [3, x], we then get 3 or 2) or row 1 (→ [x], we get 1 or x)
    double expected = 0.5 * (0.1 + 0.4) / 2 + 0.5 * (0.9 + 0.7) / 2;
    assertThat(o.afterOneStop()).isCloseTo(mixed(expected, 0.3), within(1e-12));
  }

  @Test
  void standingsAfterStopsChargeTheOwedStopsAndReorder() {
    List<StandingsAfterStops.Team> teams = List.of(
        new StandingsAfterStops.Team(1, 1, 100, null, 4, false),
        new StandingsAfterStops.Team(2, 2, 100, 30_000L, 6, false),
        new StandingsAfterStops.Team(3, 3, 99, null, 5, true));
    List<StandingsAfterStops.Estimate> est = StandingsAfterStops.estimate(teams, 6, 100_000, 65_000);
    // team 1 owes 2 stops (200 s), team 2 none (30 s behind), team 3 owes 1 (1 lap + 100 s)
    assertThat(est).extracting(StandingsAfterStops.Estimate::rowId).containsExactly(2, 3, 1);
    assertThat(est).extracting(StandingsAfterStops.Estimate::owed).containsExactly(0, 1, 2);
    assertThat(est).extracting(StandingsAfterStops.Estimate::estimatedGapMs)
        .containsExactly(0L, 135_000L, 170_000L);
    assertThat(est).extracting(StandingsAfterStops.Estimate::change).containsExactly(1, 1, -2);
  }
}
