package lts.core.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TeamEffectsTest {

  @Test
  void oneCellIsShrunkTowardsZeroAndSharedInProportionToThePriorVariances() {
    // priors 450 / 150 / 300 ms: variances 202500 + 22500 + 90000 = 315000; 5 laps of +100 ms at
    // sigma 250: the sum's posterior mean is 100 * 315000 / (315000 + 62500 / 5)
    TeamEffects team = new TeamEffects(7);
    team.stints.put(1, 0);
    team.drivers.put("A", 0);
    for (int i = 0; i < 5; i++) {
      team.add(0, 0, 100);
    }
    team.solve(KartModel.Settings.DEFAULT, 250);
    double sum = 100 * 315_000.0 / 327_500.0;
    assertThat(team.effect(0, 0)).isCloseTo(sum, within(1e-9));
    assertThat(team.x[0]).isCloseTo(sum * 202_500 / 315_000, within(1e-9));
    assertThat(team.x[1]).isCloseTo(sum * 22_500 / 315_000, within(1e-9));
    assertThat(team.x[team.kartParam(0)]).isCloseTo(sum * 90_000 / 315_000, within(1e-9));
  }

  @Test
  void beforeTheFirstSolveEveryEffectIsZero() {
    TeamEffects team = new TeamEffects(7);
    team.stints.put(1, 0);
    team.drivers.put("A", 0);
    assertThat(team.effect(0, 0)).isZero();
  }

  @Test
  void theRobustMeanClipsValuesBeyondTwoAndAHalfSigma() {
    // median 0: the 1000 counts as 250
    assertThat(TeamEffects.robustMean(new double[] {0, 0, 0, 1000}, 100)).isEqualTo(62.5);
  }

  @Test
  void theInverseOfATwoByTwoMatrix() {
    double[][] inv = TeamEffects.invert(new double[][] {{4, 7}, {2, 6}});
    assertThat(inv[0][0]).isCloseTo(0.6, within(1e-12));
    assertThat(inv[0][1]).isCloseTo(-0.7, within(1e-12));
    assertThat(inv[1][0]).isCloseTo(-0.2, within(1e-12));
    assertThat(inv[1][1]).isCloseTo(0.4, within(1e-12));
  }
}
