package lts.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LapTimeModelTest {

  private static final Driver DRIVER = new Driver("ANA", -100, 150);
  /** Kart 1 is 200 ms slow, kart 2 neutral. */
  private final LapTimeModel model =
      new LapTimeModel(65_000, 2_000, new long[] {0, 200, 0}, SampleRace.TIMELINE);

  @Test
  void aDriveOutsideTheYellowTakesItsOwnTime() {
    assertThat(model.advance(0, 1_000)).isEqualTo(1_000);
    assertThat(model.advance(1_060_500, 1_000)).isEqualTo(1_061_500);
  }

  @Test
  void theYellowStretchesWhatIsDrivenDuringIt() {
    // 1 s before the yellow, 2 s of work left in it: 2.6 s
    assertThat(model.advance(999_000, 3_000)).isEqualTo(1_002_600);
    // the whole yellow (60 s is 46.15 s of work) then 13.85 s of green
    assertThat(model.advance(1_000_000, 60_000)).isEqualTo(1_073_846);
  }

  @Test
  void theTypicalLapIsTheBaseAtMeanTemperatureWithTheEffects() {
    assertThat(model.typicalLap(1, DRIVER)).isEqualTo(66_100);
    assertThat(model.typicalLap(2, DRIVER)).isEqualTo(65_900);
  }

  @Test
  void theSafeLapIsSlowAndSlowerStillWhenTheYellowIsNear() {
    assertThat(model.safeLap(1, DRIVER, 100_000)).isEqualTo(67_600);
    assertThat(model.safeLap(1, DRIVER, 990_000)).isCloseTo(87_880, within(1e-6));
    assertThat(model.safeLap(1, DRIVER, 1_060_000)).isEqualTo(67_600);
  }

  @Test
  void theTrackIsSlowestAtThreeInTheAfternoonAndFastestAtThreeInTheMorning() {
    // green ten days later: no rubber yet, temperature only
    LapTimeModel beforeGreen = modelGreenAt(10 * 86_400_000L);
    assertThat(beforeGreen.trend(15 * 3_600_000L)).isEqualTo(2_000);
    assertThat(beforeGreen.trend(3 * 3_600_000L)).isCloseTo(0, within(1e-9));
    assertThat(beforeGreen.trend(9 * 3_600_000L)).isCloseTo(1_000, within(1e-9));
  }

  @Test
  void theTrackRubbersInByThreeTenthsOverHours() {
    long threeAm = 3 * 3_600_000L;
    LapTimeModel model = modelGreenAt(threeAm);
    // four days after the green, at the same hour: all the rubber, no heat
    assertThat(model.trend(threeAm + 4 * 86_400_000L)).isCloseTo(-300, within(1e-6));
    assertThat(model.trend(threeAm)).isCloseTo(0, within(1e-9));
  }

  private static LapTimeModel modelGreenAt(long greenAt) {
    return new LapTimeModel(65_000, 2_000, new long[] {0, 0},
        new RaceTimeline(0, greenAt, 3_600_000, greenAt + 1, greenAt + 2, greenAt + 3_600_000,
            greenAt + 4, greenAt + 3));
  }

  @Test
  void theThreeLapsAfterAStopAreSlowerOnColdTyres() {
    long at = 100_000;
    double warm = model.nominalLap(new SplittableRandom(3), 2, DRIVER, 4, at);
    assertThat(model.nominalLap(new SplittableRandom(3), 2, DRIVER, 1, at) - warm)
        .isCloseTo(2_000, within(1e-6));
    assertThat(model.nominalLap(new SplittableRandom(3), 2, DRIVER, 2, at) - warm)
        .isCloseTo(2_000 * StrictMath.exp(-1), within(1e-6));
    assertThat(model.nominalLap(new SplittableRandom(3), 2, DRIVER, 3, at) - warm)
        .isCloseTo(2_000 * StrictMath.exp(-2), within(1e-6));
    assertThat(model.nominalLap(new SplittableRandom(3), 2, DRIVER, 0, at)).isEqualTo(warm);
  }

  @Test
  void lapsScatterAroundTheTypicalPaceWithRareOutliers() {
    SplittableRandom r = new SplittableRandom(9);
    // base + trend + skill + exponential noise of mean 60 ms
    double expected = 65_000 + model.trend(100_000) - 100 + 60;
    int outliers = 0;
    double sum = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      double lap = model.nominalLap(r, 2, DRIVER, 4, 100_000);
      if (lap > expected + 1_500) { // 10 sigmas of noise; an outlier adds 2 to 10 s
        outliers++;
      } else {
        sum += lap;
      }
    }
    assertThat(sum / (n - outliers)).isCloseTo(expected, within(10.0));
    assertThat(outliers / (double) n).isCloseTo(0.015, within(0.004));
  }
}
