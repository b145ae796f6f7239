package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StintPlannerTest {

  /** 1 h, 3 stops of 60 s at least, stints of at most 20 minutes. */
  private static final RaceSettings SETTINGS = new RaceSettings(10, 13, 1, 2, 3, 60, 20, 3, 1);
  private static final RaceTimeline TIMELINE = new RaceTimeline(0, 45_000, 3_600_000,
      45_000 + 1_800_000, 45_000 + 1_860_000, 45_000 + 3_660_000, 3_000_000, 2_990_000);
  private final LapTimeModel laps = new LapTimeModel(65_000, 2_000, new long[] {0, 0}, TIMELINE);
  private final StintPlanner planner = new StintPlanner(SETTINGS, laps, TIMELINE);

  @Test
  void balanceStretchesTheStintsWhenTheLastOneWouldBeTooLong() {
    long[] targets = {600_000, 600_000};
    // two stints of 600 s + 1.1 laps of 60 s leave 668 s, 168 s over the 500 s allowed
    StintPlanner.balance(targets, 2_000_000, 60_000, 240_000, 1_000_000, 500_000);
    assertThat(targets).containsExactly(684_000, 684_000);
  }

  @Test
  void balanceShrinksTheStintsWhenTheLastOneWouldBeTooShort() {
    long[] targets = {600_000, 600_000};
    // 60 s left, 180 s short of the shortest stint: a quarter of the 720 s of room
    StintPlanner.balance(targets, 1_392_000, 60_000, 240_000, 1_000_000, 500_000);
    assertThat(targets).containsExactly(510_000, 510_000);
  }

  @Test
  void balanceLeavesAFittingPlanAlone() {
    long[] targets = {600_000, 300_000};
    StintPlanner.balance(targets, 1_500_000, 60_000, 240_000, 1_000_000, 500_000);
    assertThat(targets).containsExactly(600_000, 300_000);
  }

  @Test
  void aPlanMakesTheMandatoryStopsOrMoreWithStintsUnderTheLimit() {
    for (long seed = 1; seed <= 50; seed++) {
      StintPlan plan = planner.plan(new SplittableRandom(seed));
      assertThat(plan.stops()).isGreaterThanOrEqualTo(3);
      for (int i = 0; i < plan.stops(); i++) {
        assertThat(plan.target(i)).as("seed %d stop %d", seed, i)
            .isBetween(4 * 66_000L, 20 * 60_000L);
      }
    }
  }

  @Test
  void aShortRaceWithoutMandatoryStopsHasNone() {
    RaceSettings settings = new RaceSettings(6, 7, 0.5, 1, 0, 30, 60, 1, 12);
    StintPlanner noStops = new StintPlanner(settings, laps,
        new RaceTimeline(0, 45_000, 1_800_000, 900_000, 960_000, 1_905_000, 1_500_000, 1_490_000));
    assertThat(noStops.plan(new SplittableRandom(1)).stops()).isZero();
  }

  @Test
  void theStintLimitForcesAStopWhateverThePlan() {
    RacingTeam x = onTrack(0, 10, new long[] {3_000_000, 3_000_000, 3_000_000});
    // 19 minutes in: another lap and a pit lap of a slow 67.5 s would pass 20 minutes
    assertThat(planner.shouldPit(x, 45_000 + 19 * 60_000, false)).isTrue();
    assertThat(planner.shouldPit(x, 45_000 + 15 * 60_000, false)).isFalse();
  }

  @Test
  void aPlannedStopWaitsForItsTargetAndForThreeLapsOnTheKart() {
    RacingTeam x = onTrack(0, 5, new long[] {9 * 60_000, 9 * 60_000, 9 * 60_000});
    assertThat(planner.shouldPit(x, 45_000 + 8 * 60_000, false)).isFalse();
    assertThat(planner.shouldPit(x, 45_000 + 10 * 60_000, false)).isTrue();
    x.crossingsSinceOut = 2;
    assertThat(planner.shouldPit(x, 45_000 + 10 * 60_000, false)).isFalse();
  }

  @Test
  void nobodyStopsOnceTheFlagIsOutOrTheCountdownIsOver() {
    RacingTeam x = onTrack(0, 10, new long[] {60_000, 60_000, 60_000});
    assertThat(planner.shouldPit(x, 45_000 + 19 * 60_000, true)).isFalse();
    assertThat(planner.shouldPit(x, TIMELINE.countdownEnd(), false)).isFalse();
  }

  @Test
  void replanningLateShrinksTheStopsLeftToTheShortestStint() {
    RacingTeam x = onTrack(1, 10, new long[] {600_000, 1_100_000, 1_100_000});
    // two stops left 10 minutes before the end: their stints shrink to 4 plan laps of 66 s
    planner.replan(x, TIMELINE.countdownEnd() - 600_000);
    assertThat(new long[] {x.plan.target(0), x.plan.target(1), x.plan.target(2)})
        .containsExactly(600_000, 264_000, 264_000);
  }

  @Test
  void aTeamWithAllItsStopsMadeHasNothingToReplan() {
    RacingTeam x = onTrack(3, 10, new long[] {600_000, 600_000, 600_000});
    planner.replan(x, 45_000);
    assertThat(new long[] {x.plan.target(0), x.plan.target(1), x.plan.target(2)})
        .containsExactly(600_000, 600_000, 600_000);
  }

  /** A team on kart 1 since the green light, {@code pits} stops made. */
  private static RacingTeam onTrack(int pits, int crossingsSinceOut, long[] targets) {
    RacingTeam x = SampleRace.team(0, 1, 1);
    x.kart = 1;
    x.pits = pits;
    x.stintStart = 45_000;
    x.crossingsSinceOut = crossingsSinceOut;
    x.plan = new StintPlan(targets, false);
    return x;
  }
}
