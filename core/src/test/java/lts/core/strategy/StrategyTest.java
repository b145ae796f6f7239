package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
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

  @Test
  void pitLaneIsFirstInFirstOutPerRowAndRowsTakeTurns() {
    PitLaneQueue lane = new PitLaneQueue(2, 2, 0);
    lane.push(new PitLaneQueue.Kart(7, 1, KartLabel.GOOD, -300L, 10));
    lane.push(new PitLaneQueue.Kart(8, 1, KartLabel.BAD, 400L, 20));
    assertThat(lane.rows()).extracting(r -> r.size()).containsExactly(2, 2);
    assertThat(lane.pop().fromRowId()).isNull(); // front of row 1: a spare
    assertThat(lane.pop().fromRowId()).isNull(); // front of row 2: a spare
    assertThat(lane.pop().label()).isEqualTo(KartLabel.GOOD);
    assertThat(lane.pop().label()).isEqualTo(KartLabel.BAD);
    assertThat(lane.pop()).isNull();
  }

  @Test
  void goodKartOddsAreExactSharesOfEquallyLikelyRows() {
    List<List<KartLabel>> rows = List.of(List.of(KartLabel.GOOD, KartLabel.BAD),
        List.of(KartLabel.BAD), List.of(KartLabel.UNKNOWN));
    GoodKartOdds.Odds odds = GoodKartOdds.odds(rows, 0.4, List.of(KartLabel.GOOD, KartLabel.GOOD));
    // now: (1 + 0 + 0.4) / 3
    assertThat(odds.now()).isCloseTo(1.4 / 3, within(1e-12));
    // +1: by hand, 3 push rows × 3 pop rows, then our 3 choices
    double sum = 0;
    for (int push = 0; push < 3; push++) {
      for (int pop = 0; pop < 3; pop++) {
        List<List<KartLabel>> r = new ArrayList<>();
        rows.forEach(x -> r.add(new ArrayList<>(x)));
        r.get(push).add(KartLabel.GOOD);
        r.get(pop).remove(0);
        double ours = 0;
        int choices = 0;
        for (List<KartLabel> row : r) {
          if (!row.isEmpty()) {
            choices++;
            KartLabel front = row.get(0);
            ours += front == KartLabel.GOOD ? 1 : front == KartLabel.BAD ? 0 : 0.4;
          }
        }
        sum += ours / choices;
      }
    }
    assertThat(odds.afterOneStop()).isCloseTo(sum / 9, within(1e-12));
    assertThat(odds.afterTwoStops()).isBetween(0.0, 1.0);
    assertThat(GoodKartOdds.odds(List.of(List.of(), List.of()), 0.5, List.of()).now()).isNull();
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
