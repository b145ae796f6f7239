package lts.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import lts.strategy.PitLaneMove.KartLeft;
import lts.strategy.PitLaneMove.KartTaken;
import org.junit.jupiter.api.Test;

class PitStopMatcherTest {

  final PitLaneReplay lane = new PitLaneReplay(0);
  final PitStopMatcher matcher = new PitStopMatcher(lane);
  final TeamState team = new TeamState(4, 0);

  @Test
  void aPitInThenAPitOutIsOneStopThatLeavesAndTakesAKart() {
    team.count = 10;
    matcher.pitIn(team, 100_000);
    assertThat(team.inPit).isTrue();
    matcher.pitOut(team, 160_000, 58_000L, null, false);
    assertThat(team.inPit).isFalse();
    assertThat(team.stops).singleElement().satisfies(s -> {
      assertThat(s.number).isEqualTo(1);
      assertThat(s.lapIn).isEqualTo(10);
      assertThat(s.outAt).isEqualTo(160_000L);
      assertThat(s.pitTimeMs).isEqualTo(58_000L);
      assertThat(s.inferred).isFalse();
    });
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 1, 100_000),
        new KartTaken(4, 160_000));
  }

  @Test
  void thePitClockMovesALatePitInAndThePitOutAfterTheTimeItShowed() {
    // read as fast as possible: the pit-in frame kept the last evidence's instant (100 s), the
    // pit clock's ticks put the pit-in at 104 s, the pit-out frame came "at" 220 s after 120 s
    matcher.pitIn(team, 100_000);
    matcher.pitOut(team, 220_000, 120_000L, 104_000L, false);
    assertThat(team.stops).singleElement().satisfies(s -> {
      assertThat(s.inAt).isEqualTo(104_000L);
      assertThat(s.outAt).isEqualTo(224_000L);
    });
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 1, 100_000),
        new KartTaken(4, 224_000));
    // an estimate before the pit-in frame, or after the pit-out, says nothing
    matcher.pitIn(team, 500_000);
    matcher.pitOut(team, 620_000, null, 490_000L, false);
    matcher.pitIn(team, 900_000);
    matcher.pitOut(team, 1_000_000, null, 1_100_000L, false);
    assertThat(team.stops).extracting(s -> s.inAt).containsExactly(104_000L, 500_000L, 900_000L);
    assertThat(team.stops).extracting(s -> s.outAt)
        .containsExactly(224_000L, 620_000L, 1_000_000L);
  }

  @Test
  void aStopLastsWhatApexsPitClockShowedElseOutLessIn() {
    matcher.pitIn(team, 100_000);
    matcher.pitOut(team, 106_000, 121_000L, null, false); // too fast: the clock tells
    matcher.pitIn(team, 500_000);
    matcher.pitOut(team, 620_000, null, null, false);
    assertThat(team.pitStopRows("santos", 1)).extracting(TableRow.PitStopRow::durationMs)
        .containsExactly(121_000L, 120_000L);
    matcher.pitIn(team, 900_000);
    assertThat(team.pitStopRows("santos", 1).get(2).durationMs()).as("open").isNull();
  }

  @Test
  void aPitColumnIncreaseAndAPitInCloseInTimeAreTheSameStop() {
    matcher.pitCount(team, 1, 100_000);
    matcher.pitIn(team, 100_000 + PitStopMatcher.PIT_MATCH_MS);
    assertThat(team.stops).singleElement().satisfies(s -> {
      assertThat(s.counted).isTrue();
      assertThat(s.inferred).isFalse();
    });
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 1, 100_000));
  }

  @Test
  void aPitInLongAfterAColumnIncreaseIsAnotherStop() {
    matcher.pitCount(team, 1, 100_000);
    matcher.pitIn(team, 100_001 + PitStopMatcher.PIT_MATCH_MS);
    assertThat(team.stops).hasSize(2);
  }

  @Test
  void aColumnIncreaseWithoutPitInIsAnInferredStopOverWhenTheTeamLapsAgain() {
    matcher.pitCount(team, 1, 100_000);
    assertThat(team.stops).singleElement().satisfies(s -> assertThat(s.inferred).isTrue());
    assertThat(team.inPit).isFalse();
    matcher.lapped(team, 200_000);
    matcher.lapped(team, 260_000);
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 1, 100_000),
        new KartTaken(4, 200_000));
  }

  @Test
  void aColumnDecreaseUncountsTheLastCountedStop() {
    matcher.pitIn(team, 100_000);
    matcher.pitCount(team, 1, 100_000);
    matcher.pitOut(team, 160_000, null, null, false);
    matcher.pitIn(team, 400_000);
    matcher.pitCount(team, 2, 400_000);
    matcher.pitOut(team, 460_000, null, null, false);
    matcher.pitCount(team, 1, 500_000);
    assertThat(team.stops).extracting(s -> s.counted).containsExactly(true, false);
    assertThat(team.counted).isEqualTo(1);
  }

  @Test
  void aTeamThatJoinedARunningRaceStartsFromThePitColumnItFinds() {
    team.correct(42); // the first lap count seen: joined midway
    matcher.pitCount(team, 3, 100_000);
    assertThat(team.stops).isEmpty();
    assertThat(team.stopBase).isEqualTo(3);
    matcher.pitIn(team, 200_000);
    assertThat(team.stops).singleElement().satisfies(s -> assertThat(s.number).isEqualTo(4));
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 4, 200_000));
  }

  @Test
  void aSecondPitInWhileInThePitLaneChangesNothing() {
    matcher.pitIn(team, 100_000);
    matcher.pitIn(team, 130_000);
    assertThat(team.stops).hasSize(1);
    assertThat(lane.moves()).hasSize(1);
  }

  @Test
  void aStopCarriesItsNumberOnThePitCounterAndAVisitRaceControlTookOffNone() {
    for (int k = 1; k <= 2; k++) { // two stops the counter counts
      matcher.pitCount(team, k, k * 1_000_000L);
      matcher.pitIn(team, k * 1_000_000L);
      matcher.pitOut(team, k * 1_000_000L + 180_000, 180_000L, null, false);
    }
    matcher.pitCount(team, 3, 3_000_000); // a red flag: everybody in, counted, then taken off
    matcher.pitIn(team, 3_000_000);
    matcher.pitCount(team, 2, 3_020_000);
    matcher.pitOut(team, 6_600_000, null, null, false);
    matcher.pitCount(team, 3, 7_000_000); // the next stop is the counter's third
    matcher.pitIn(team, 7_000_000);
    matcher.pitOut(team, 7_180_000, 180_000L, null, false);

    assertThat(team.pitStopRows("santos", 1))
        .extracting(TableRow.PitStopRow::pit, TableRow.PitStopRow::counted,
            TableRow.PitStopRow::apexStop)
        .containsExactly(tuple(1, true, 1),
            tuple(2, true, 2),
            tuple(3, false, null),
            tuple(4, true, 3));
  }

  @Test
  void everyStopClosesAStopOnlyTheColumnShowedWhenTheTeamLapsAndOneInTheLaneAtTheFlag() {
    matcher.pitCount(team, 1, 100_000); // no pit-in seen: inferred
    matcher.lapped(team, 400_000);
    matcher.pitIn(team, 900_000);
    matcher.flag(team, 1_000_000);
    team.finished = true;
    matcher.pitIn(team, 1_100_000); // on its way home after the finish

    assertThat(team.inPit).isFalse();
    assertThat(team.pitStopRows("santos", 1))
        .extracting(TableRow.PitStopRow::outAt, TableRow.PitStopRow::durationMs)
        .containsExactly(tuple(400_000L, null), tuple(1_000_000L, null));
  }

  @Test
  void aStopClosedAtTheFlagEndsAtItsPitOutWhenThatComesAfter() {
    team.count = 40;
    matcher.pitIn(team, 900_000);
    matcher.flag(team, 1_000_000);
    matcher.pitOut(team, 1_021_000, 121_000L, null, false); // out to cross the line for its finish

    assertThat(team.stops).singleElement().satisfies(s -> {
      assertThat(s.outAt).isEqualTo(1_021_000L);
      assertThat(s.endedByFlag).isFalse();
      assertThat(s.lengthUnknown).isFalse();
    });
    assertThat(team.pitStopRows("santos", 1)).extracting(TableRow.PitStopRow::durationMs)
        .containsExactly(121_000L);
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 1, 900_000),
        new KartTaken(4, 1_021_000));
  }

  @Test
  void aStopThatEndedInAHoleHasNoLength() {
    // in the lane before the hole (the pit clock last showed 58 s), out in the re-sent grid
    matcher.pitIn(team, 100_000);
    matcher.pitOut(team, 400_000, 58_000L, 104_000L, true);

    assertThat(team.inPit).isFalse();
    assertThat(team.pitStopRows("santos", 1))
        .extracting(TableRow.PitStopRow::inAt, TableRow.PitStopRow::outAt,
            TableRow.PitStopRow::durationMs, TableRow.PitStopRow::pitTimeMs)
        .containsExactly(tuple(100_000L, 400_000L, null, null));
    assertThat(lane.moves()).containsExactly(new KartLeft(4, 1, 100_000),
        new KartTaken(4, 400_000));
  }

  @Test
  void aStopOpenBeforeAHoleClosesWhenTheReSentGridCountsTheNextOne() {
    // in the lane at lap 34, the hole, and the grid re-sent with the team in the lane again for
    // stop 2: stop 1 ended in the hole, stop 2 began there
    team.count = 34;
    matcher.pitCount(team, 1, 100_000);
    matcher.pitIn(team, 100_000);
    matcher.pitCount(team, 2, 500_000, true);
    matcher.pitIn(team, 500_000, true);
    matcher.pitOut(team, 560_000, 120_000L, null, false);

    assertThat(team.pitStopRows("santos", 1))
        .extracting(TableRow.PitStopRow::apexStop, TableRow.PitStopRow::outAt,
            TableRow.PitStopRow::durationMs, TableRow.PitStopRow::inHole)
        .containsExactly(tuple(1, 500_000L, null, false), tuple(2, 560_000L, 120_000L, true));
  }
}
